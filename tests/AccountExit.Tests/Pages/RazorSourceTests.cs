using System.Net;
using System.Text.RegularExpressions;
using AccountExit.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Pages;

/// <summary>
/// Razor prints what it cannot parse as code (<c>r@g.Number</c> reads as an e-mail address): walks every page a signed-in
/// admin and a reader can reach, in both languages, and fails on Razor source in the text or the attributes a reader sees.
/// </summary>
public sealed partial class RazorSourceTests : IClassFixture<RazorSourceTests.Site>
{
    public sealed class Site : IDisposable
    {
        public EditorSite Editors { get; } = new();

        public void Dispose() => Editors.Dispose();
    }

    private readonly EditorSite _site;

    public RazorSourceTests(Site site) => _site = site.Editors;

    /// <summary>Pages no link leads to, or only a form does: the crawl starts from these as well.</summary>
    private static readonly string[] Seeds =
    [
        "/", "/en", "/search?q=微信", "/en/search?q=wechat", "/search/request?platform=知乎", "/en/search/request?platform=zhihu",
        "/guides/no-such-guide", "/en/guides/no-such-guide", "/plan", "/en/plan",
        "/editor", "/editor/guides/new", "/editor/guides/wechat/history?a=1&b=1",
        "/editor/legal/pipl-47/history?a=1&b=1", "/editor/reports", "/editor/users", "/editor/audit", "/editor/denied",
    ];

    /// <summary>Razor expressions and statements that reached the page as text instead of running.</summary>
    [GeneratedRegex(@"@(Model\b|ViewData\b|L\[|Html\.|Url\.|\(|\{|if\b|foreach\b|[A-Za-z_]\w*\.[A-Z]\w*)|\br@[A-Za-z_(]")]
    private static partial Regex RazorSource();

    [Fact]
    public async Task No_page_shows_Razor_source()
    {
        var client = await _site.SignInAsync(EditorSite.Admin);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(Seeds);
        var found = new List<string>();
        var languages = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var url))
        {
            if (!seen.Add(url))
            {
                continue;
            }
            var response = await client.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{url} gave {(int)response.StatusCode}");
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            languages.Add(page.DocumentElement.GetAttribute("lang") ?? "");
            found.AddRange(Leaks(page).Select(leak => $"{url}: {leak}"));
            foreach (var link in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Walkable(link) is { } next && !seen.Contains(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        Assert.Empty(found);
        // The walk reached every kind of page, in both languages.
        Assert.Contains("en", languages);
        Assert.Contains("zh-Hans", languages);
        foreach (var kind in new[] { "/guides/wechat", "/en/guides/wechat/history", "/guides/alipay/letter", "/en/guides/qq/report",
                     "/legal", "/en/complaints", "/about", "/editor/guides/wechat/edit", "/editor/guides/wechat/history", "/editor/legal/pipl-47/edit" })
        {
            Assert.Contains(kind, seen.Select(u => u.Split('?')[0]));
        }
    }

    /// <summary>Razor source in the visible text or in an attribute a reader sees or follows.</summary>
    private static IEnumerable<string> Leaks(IDocument page)
    {
        foreach (var hidden in page.QuerySelectorAll("script, style, template").ToList())
        {
            hidden.Remove();
        }
        var text = page.Body?.TextContent ?? "";
        foreach (Match match in RazorSource().Matches(text))
        {
            yield return Around(text, match);
        }
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes.Where(a => a.Name is "href" or "src" or "value" or "title" or "alt" or "placeholder" or "aria-label" or "content" or "action"))
            {
                if (RazorSource().Match(attribute.Value) is { Success: true })
                {
                    yield return $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">";
                }
            }
        }
    }

    private static string Around(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 30);
        return text[start..Math.Min(text.Length, match.Index + match.Length + 30)].ReplaceLineEndings(" ").Trim();
    }

    /// <summary>A local page link worth following: not the language switch (it sets a cookie), not a download or an API.</summary>
    private static string? Walkable(string href)
    {
        if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }
        var path = href.Split('#')[0];
        string[] skipped = ["/language/", "/api", "/feeds", "/open-data", "/opensearch", "/css/", "/js/", "/favicon", "/editor/logout"];
        return path.Length == 0 || skipped.Any(s => path.StartsWith(s, StringComparison.OrdinalIgnoreCase)) ? null : path;
    }
}
