namespace AccountExit.Web.Reports;

/// <summary>What a reader can say about a guide. The Chinese label is the interface key (<c>Resources/Ui.en.resx</c> has the English).</summary>
public static class ReportKinds
{
    public const string Worked = "worked";
    public const string Outdated = "outdated";
    public const string Wrong = "wrong";
    /// <summary>A request for a guide to a platform that has none (from search): its <c>GuideSlug</c> holds the platform's name.</summary>
    public const string Request = "request";

    /// <summary>Every kind, as the editors' queue counts them.</summary>
    public static readonly IReadOnlyList<string> All = [Worked, Outdated, Wrong, Request];

    /// <summary>What a reader can say on a guide's own page.</summary>
    public static readonly IReadOnlyList<string> OnGuides = [Worked, Outdated, Wrong];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    public static bool IsKnownOnGuides(string? kind) => kind is not null && OnGuides.Contains(kind, StringComparer.Ordinal);

    /// <summary>The label readers see, in Chinese: also its key in <c>Ui.en.resx</c>.</summary>
    public static string Label(string kind) => kind switch
    {
        Worked => "按指南操作成功了",
        Outdated => "内容已过时",
        Wrong => "内容有错误",
        Request => "想要这个平台的指南",
        _ => kind,
    };

    /// <summary>Only an open "outdated" report shows on the guide page: a change in them changes the page.</summary>
    public static bool ShowsOnGuidePage(string kind) => kind == Outdated;
}
