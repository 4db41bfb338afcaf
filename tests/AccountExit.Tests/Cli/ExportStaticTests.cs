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

    [Fact]
    public async Task Every_internal_link_in_the_export_resolves_to_a_file_and_every_anchor_exists()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path);
        var parser = new HtmlParser();
        var pages = Directory.GetFiles(_folder.Path, "*.html", SearchOption.AllDirectories);
        Assert.True(pages.Length >= 13, $"only {pages.Length} pages exported");
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var page in pages)
        {
            var document = parser.ParseDocument(File.ReadAllText(page));
            var links = document.QuerySelectorAll("a[href], link[href], script[src], img[src]")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
                .Where(l => l.StartsWith('/') && !l.StartsWith("//", StringComparison.Ordinal) && !l.Contains('?', StringComparison.Ordinal));
            foreach (var link in links)
            {
                checkedLinks++;
                var parts = link.Split('#', 2);
                var target = Resolve(parts[0]);
                if (target is null)
                {
                    broken.Add($"{Path.GetRelativePath(_folder.Path, page)}: {link}");
                }
                else if (parts.Length == 2 && parts[1].Length > 0 && parser.ParseDocument(File.ReadAllText(target)).GetElementById(parts[1]) is null)
                {
                    broken.Add($"{Path.GetRelativePath(_folder.Path, page)}: {link} (no such anchor)");
                }
            }
        }
        Assert.Empty(broken);
        Assert.True(checkedLinks > 100, $"only {checkedLinks} links checked");
    }

    [Fact]
    public async Task The_export_holds_every_guide_its_JSON_document_and_the_fingerprinted_assets_as_served()
    {
        await ExportStatic.ExportAsync(site.Client, _folder.Path);

        foreach (var slug in Repo.GuideSlugs)
        {
            Assert.Equal(await site.Client.GetStringAsync($"/guides/{slug}"), File.ReadAllText(Resolve($"/guides/{slug}/")!));
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
