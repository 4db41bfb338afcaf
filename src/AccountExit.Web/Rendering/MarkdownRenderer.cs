using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AccountExit.Web.Rendering;

/// <summary>
/// The site's one Markdown renderer: one pipeline built once with the extensions listed by name, raw HTML off,
/// link and image URLs limited to relative, http, https and mailto in the parsed document, and the output
/// cleaned by HtmlSanitizer as a second line of defence. Its output is the only HTML a page may emit raw.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>Part of every stored content hash: raising it makes the next import render everything again.</summary>
    public const int Version = 1;

    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    // Made at the first render, not at start: configuring it costs about a tenth of a second, and a start that imports
    // nothing new renders nothing.
    private readonly Lazy<HtmlSanitizer> _sanitizer = new(CreateSanitizer);

    public string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, _pipeline);
        RemoveUnsafeLinks(document);
        var html = document.ToHtml(_pipeline);
        return _sanitizer.Value.Sanitize(html);
    }

    /// <summary>True for a relative URL or one whose scheme is http, https or mailto, after removing what browsers ignore.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }
        var cleaned = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }
        var delimiter = cleaned.IndexOfAny(['/', '?', '#']);
        if (delimiter >= 0 && delimiter < colon)
        {
            return true;
        }
        var scheme = cleaned[..colon];
        return SafeSchemes.Any(s => s.Equals(scheme, StringComparison.OrdinalIgnoreCase));
    }

    private static void RemoveUnsafeLinks(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsSafeUrl(link.Url))
            {
                // Keep the link's text (or an image's alt text), drop the link.
                var child = link.FirstChild;
                while (child is not null)
                {
                    var next = child.NextSibling;
                    child.Remove();
                    link.InsertBefore(child);
                    child = next;
                }
                link.Remove();
            }
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafeUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in SafeSchemes)
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }
}
