using AccountExit.Web.Content;

namespace AccountExit.Web.Reports;

/// <summary>
/// The claims a reader can name in a report ("this step is outdated"), grouped by the guide page's sections, keyed by
/// the claims' anchors (<see cref="Evidence.ClaimsOf"/>) and labelled with the claim's own words, shortened.
/// </summary>
public static class ClaimChoices
{
    /// <param name="Lang">The label's language: the claim's words stay Chinese where the guide has no English for them.</param>
    public sealed record Choice(string Key, string Label, string Lang);

    public sealed record Group(string Label, IReadOnlyList<Choice> Choices);

    public const int MaxLabel = 60;

    private static readonly Dictionary<string, (string Zh, string En)> Sections = new(StringComparer.Ordinal)
    {
        ["entry_paths"] = ("注销入口", "Where to cancel"),
        ["preconditions"] = ("注销条件", "Conditions"),
        ["consequences"] = ("注销后果", "What you lose"),
        ["alternatives"] = ("替代办法", "Alternatives"),
        ["timing"] = ("时间", "Timing"),
        ["history"] = ("变化记录", "History"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Timings = new(StringComparer.Ordinal)
    {
        ["time-cooling"] = ("冷静期", "Cooling-off period"),
        ["time-processing"] = ("处理时间", "Processing time"),
        ["time-idle"] = ("闲置回收", "Idle recycling"),
    };

    /// <summary>The sections a reader can check against the app: related guides and the plan are the site's own advice.</summary>
    public static IReadOnlyList<Group> Of(GuideFrontMatter guide, bool english) =>
        [.. Evidence.ClaimsOf(guide)
            .Where(c => Sections.ContainsKey(c.Section))
            .GroupBy(c => c.Section, StringComparer.Ordinal)
            .Select(g => new Group(english ? Sections[g.Key].En : Sections[g.Key].Zh,
                [.. g.Select(c => LabelOf(c.Key, c.Claim.Item, english)).Select(l => new Choice(l.Key, Shorten(l.Text), l.English ? "en" : "zh-Hans"))]))];

    public static bool IsChoice(GuideFrontMatter guide, string key) => Of(guide, english: false).Any(g => g.Choices.Any(c => c.Key == key));

    private static (string Key, string Text, bool English) LabelOf(string key, object item, bool english) => item switch
    {
        EntryPath p => (key, $"{p.Platform}：{string.Join(" → ", p.Steps)}", false),
        Fact f when english && !string.IsNullOrEmpty(f.TextEn) => (key, f.TextEn, true),
        Fact f => (key, f.Text, false),
        HistoryEvent h when english && !string.IsNullOrEmpty(h.TextEn) => (key, $"{h.Date} {h.TextEn}", true),
        HistoryEvent h => (key, $"{h.Date} {h.Text}", false),
        _ when Timings.TryGetValue(key, out var t) => (key, english ? t.En : t.Zh, english),
        _ => (key, key, english),
    };

    private static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var info = new System.Globalization.StringInfo(flat);
        return info.LengthInTextElements <= MaxLabel ? flat : info.SubstringByTextElements(0, MaxLabel - 1) + "…";
    }
}
