using Microsoft.AspNetCore.Diagnostics;

namespace AccountExit.Web;

/// <summary>
/// The interface's text. Views write the Simplified Chinese text as the key, <c>@L["全部平台"]</c>; the English is in
/// <c>Resources/Ui.en.resx</c>. A key missing there shows as Chinese on an English page, which a test finds.
/// </summary>
public sealed class Ui;

/// <summary>
/// The interface language of a request, chosen by URL: Chinese at <c>/…</c>, English at <c>/en/…</c>, so each
/// language can be linked and indexed (docs/languages.md).
/// </summary>
public sealed record UiLanguage(string Code, string Prefix, string Name)
{
    public static readonly UiLanguage Chinese = new("zh-Hans", "", "中文");
    public static readonly UiLanguage English = new("en", "/en", "English");
    public static readonly IReadOnlyList<UiLanguage> All = [Chinese, English];

    public bool IsEnglish => ReferenceEquals(this, English);

    /// <summary>The other language, for the switch.</summary>
    public UiLanguage Other => IsEnglish ? Chinese : English;

    /// <summary>A site path (starting with <c>/</c>, language-neutral) as this language's URL.</summary>
    public string Href(string path) => Prefix.Length == 0 ? path : path == "/" ? Prefix : Prefix + path;

    /// <summary>Chinese or English text chosen in code (for strings built outside a view).</summary>
    public string Pick(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>The language of a path: <c>/en</c> and <c>/en/…</c> are English, everything else Chinese.</summary>
    public static UiLanguage OfPath(string? path) =>
        path is not null && path.StartsWith("/en", StringComparison.OrdinalIgnoreCase) && (path.Length == 3 || path[3] == '/')
            ? English
            : Chinese;

    /// <summary>The language-neutral path: <c>/en/guides/x</c> → <c>/guides/x</c>, <c>/en</c> → <c>/</c>.</summary>
    public static string Neutral(string path) => OfPath(path).IsEnglish ? (path.Length <= 4 ? "/" : path[3..]) : path;

    /// <summary>The request's language; a re-executed error page keeps the language of the URL that failed.</summary>
    public static UiLanguage Of(HttpContext context) =>
        OfPath(context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? context.Request.Path.Value);
}

public static class UiLanguageExtensions
{
    public static UiLanguage Language(this HttpContext context) => UiLanguage.Of(context);
}
