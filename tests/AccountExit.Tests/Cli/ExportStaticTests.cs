using System.Text.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Cli;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Cli;

/// <summary>The static export, crawled as nginx would serve it: every internal link and anchor resolves to a file.</summary>
[Collection("site")]
public sealed class ExportStaticTests(SiteFixture site) : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>What a plain static server (nginx, no rewrite rule) answers for a URL path: the file, or the folder's index.html.</summary>
    private string? Resolve(string path)
    {
        var relative = Uri.UnescapeDataString(path.TrimStart('/'));
        var file = Path.Combine(_folder.Path, relative);
        if (!relative.EndsWith('/') && File.Exists(file))
        {
            return file;
        }
        var index = Path.Combine(file, "index.html");
        return File.Exists(index) ? index : null;
    }

    /// <summary>
    /// The link checker: every internal href and src of every exported page (a query string is the static host's to
    /// ignore, so the path must resolve) leads to an exported file, and its anchor to an element there.
    /// </summary>
    private List<string> BrokenLinks(out int checkedLinks)
    {
        var parser = new HtmlParser();
        var pages = Directory.GetFiles(_folder.Path, "*.html", SearchOption.AllDirectories);
        var broken = new List<string>();
        checkedLinks = 0;
        foreach (var page in pages)
        {
            var document = parser.ParseDocument(File.ReadAllText(page));
            var links = document.QuerySelectorAll("[href], [src]")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
                .Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !Uri.TryCreate(l, UriKind.Absolute, out _))
                .Select(l => l.StartsWith('/') || l.StartsWith('#') ? l : "/" + Path.GetRelativePath(_folder.Path, Path.GetDirectoryName(page)!).Replace('\\', '/') + "/" + l);
            foreach (var raw in links)
            {
                checkedLinks++;
                var link = raw.StartsWith('#') ? "/" + Path.GetRelativePath(_folder.Path, page).Replace('\\', '/') + raw : raw;
                var query = link.IndexOfAny(['?', '#']);
                var parts = new[] { query < 0 ? link : link[..query], link.Contains('#', StringComparison.Ordinal) ? link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..] : "" };
                var target = Resolve(parts[0]);
                if (target is null)
                {
                    broken.Add($"{Path.GetRelativePath(_folder.Path, page)}: {link}");
                }
                else if (parts[1].Length > 0 && target.EndsWith(".html", StringComparison.Ordinal) && parser.ParseDocument(File.ReadAllText(target)).GetElementById(Uri.UnescapeDataString(parts[1])) is null)
                {
                    broken.Add($"{Path.GetRelativePath(_folder.Path, page)}: {link} (no such anchor)");
                }
            }
        }
        return broken;
    }

    [Fact]
    public async Task Every_internal_link_in_the_export_resolves_to_a_file_and_every_anchor_exists()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path);
        var pages = Directory.GetFiles(_folder.Path, "*.html", SearchOption.AllDirectories);
        Assert.True(pages.Length >= 26, $"only {pages.Length} pages exported");
        Assert.Empty(BrokenLinks(out var checkedLinks));
        Assert.True(checkedLinks > 200, $"only {checkedLinks} links checked");
        // Without a server origin, the reader-report links (the server's form) are left out.
        Assert.DoesNotContain(pages, p => File.ReadAllText(p).Contains("/report?kind=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_server_origin_the_report_links_lead_to_the_server()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path, "https://accountexit.example");
        Assert.Empty(BrokenLinks(out _));
        var wechat = new HtmlParser().ParseDocument(File.ReadAllText(Resolve("/en/guides/wechat/")!));
        var reports = wechat.QuerySelectorAll(".report-links a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(reports);
        Assert.All(reports, href => Assert.StartsWith("https://accountexit.example/en/guides/wechat/report?kind=", href, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_languages_are_exported_with_a_plain_language_switch_and_the_crawler_files()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path);
        var parser = new HtmlParser();
        foreach (var (path, other) in new[] { ("/guides/wechat/", "/en/guides/wechat"), ("/en/guides/wechat/", "/guides/wechat"), ("/", "/en"), ("/en/", "/"), ("/en/plan/", "/plan"), ("/en/legal/", "/legal") })
        {
            var page = parser.ParseDocument(File.ReadAllText(Resolve(path) ?? throw new Xunit.Sdk.XunitException($"{path} not exported")));
            Assert.Equal(other, page.QuerySelector(".site-header a.language")!.GetAttribute("href"));
        }
        Assert.DoesNotContain(Directory.GetFiles(_folder.Path, "*.html", SearchOption.AllDirectories), p => File.ReadAllText(p).Contains("/language/", StringComparison.Ordinal));
        foreach (var slug in Repo.GuideSlugs)
        {
            Assert.NotNull(Resolve($"/en/guides/{slug}/"));
        }
        // The server's own sitemap and robots.txt, every URL of the sitemap an exported page.
        Assert.Contains("Sitemap:", File.ReadAllText(Path.Combine(_folder.Path, "robots.txt")), StringComparison.Ordinal);
        var locs = System.Xml.Linq.XDocument.Load(Path.Combine(_folder.Path, "sitemap.xml")).Descendants().Where(e => e.Name.LocalName == "loc").Select(e => new Uri(e.Value).AbsolutePath).ToList();
        Assert.True(locs.Count >= 2 * Repo.GuideSlugs.Length, $"{locs.Count} URLs in the sitemap");
        Assert.All(locs, path => Assert.True(Resolve(path) is not null, $"{path} is in the sitemap but not exported"));
    }

    [Fact]
    public async Task Only_the_export_rewrites_the_language_switch_the_server_keeps_the_one_that_remembers_the_choice()
    {
        var served = await site.Client.GetStringAsync("/guides/wechat");
        Assert.Contains("""href="/language/en?to=%2Fguides%2Fwechat" """, served, StringComparison.Ordinal);
        Assert.Contains("""href="/en/guides/wechat" hreflang="en" """, ExportStatic.ForStaticHost(served, null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_holds_every_guide_its_JSON_document_and_the_fingerprinted_assets_as_served()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path);

        foreach (var slug in Repo.GuideSlugs)
        {
            Assert.Equal(ExportStatic.ForStaticHost(await site.Client.GetStringAsync($"/guides/{slug}"), null), File.ReadAllText(Resolve($"/guides/{slug}/")!));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, "api", "guides", slug + ".json")));
            Assert.Equal($"/guides/{slug}", json.RootElement.GetProperty("url").GetString());
            Assert.True(File.Exists(Resolve($"/guides/{slug}/") + ".gz"));
            Assert.True(File.Exists(Resolve($"/guides/{slug}/") + ".br"));
        }
        using var list = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, "api", "guides.json")));
        Assert.Equal(Repo.GuideSlugs.Length, list.RootElement.GetArrayLength());
        foreach (var item in list.RootElement.EnumerateArray())
        {
            Assert.NotNull(Resolve(item.GetProperty("url").GetString()!));
        }
        Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, "css"), "site.*.css"));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "404.html")));
        Assert.NotNull(Resolve("/search"));
        Assert.NotNull(Resolve("/about"));
        Assert.NotNull(Resolve("/legal"));
    }

    [Fact]
    public async Task The_first_view_of_a_guide_is_under_30_KB_compressed()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path);
        var page = Resolve("/guides/alipay/")!;
        var document = new HtmlParser().ParseDocument(File.ReadAllText(page));
        var assets = document.QuerySelectorAll("link[rel=stylesheet], script[src], link[rel=icon]")
            .Select(e => Resolve(e.GetAttribute("href") ?? e.GetAttribute("src")!)!)
            .ToList();
        // page icon, stylesheet, site.js, plan.js (the plan box's ticks, deferred) and the tiny theme.js that applies a chosen theme before the first paint
        Assert.Equal(5, assets.Count);
        var total = new[] { page }.Concat(assets).Sum(f => new FileInfo(f + ".br").Length);
        Assert.True(total < 30 * 1024, $"first view is {total} bytes as br");
        // Nothing render-blocking beyond the stylesheet and theme.js, which must run before the first paint (or a reader who
        // chose dark would see a white flash) and so stays tiny; every other script is deferred.
        var blocking = document.QuerySelectorAll("script").Where(s => !s.HasAttribute("defer")).ToList();
        var theme = Assert.Single(blocking);
        Assert.Contains("/js/theme.", theme.GetAttribute("src"), StringComparison.Ordinal);
        Assert.True(new FileInfo(Resolve(theme.GetAttribute("src")!)! + ".br").Length < 1024);
        Assert.Empty(document.QuerySelectorAll("link[rel=preload], link[rel=stylesheet][href^=http], script[src^=http]"));
    }
}
