using System.Net;
using System.Xml.Linq;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Crawlers;

[Collection("site")]
public sealed class SitemapTests(SiteFixture site)
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private readonly HttpClient _client = site.Client;

    private string Url(string path) => new Uri(site.BaseAddress, path).ToString();

    private async Task<List<XElement>> UrlsAsync()
    {
        var response = await _client.GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Sitemap + "urlset", xml.Root!.Name);
        return [.. xml.Root.Elements(Sitemap + "url")];
    }

    [Fact]
    public async Task Every_published_guide_and_its_history_is_listed_in_both_languages_with_its_last_change()
    {
        await using var scope = site.Factory.Services.CreateAsyncScope();
        var guides = await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.Where(g => g.IsPublished)
            .Select(g => new { g.Slug, g.UpdatedAtUtc }).ToListAsync();
        var urls = await UrlsAsync();
        var locations = urls.Select(u => (string)u.Element(Sitemap + "loc")!).ToList();

        Assert.Equal(locations.Count, locations.Distinct().Count());
        foreach (var guide in guides)
        {
            foreach (var path in new[] { "/guides/" + guide.Slug, "/en/guides/" + guide.Slug, "/guides/" + guide.Slug + "/history", "/en/guides/" + guide.Slug + "/history", "/guides/" + guide.Slug + "/letter", "/en/guides/" + guide.Slug + "/letter" })
            {
                var entry = urls.SingleOrDefault(u => (string)u.Element(Sitemap + "loc")! == Url(path));
                Assert.True(entry is not null, $"{path} is not in the sitemap");
                Assert.Equal(DateTime.SpecifyKind(guide.UpdatedAtUtc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    (string)entry.Element(Sitemap + "lastmod")!);
            }
        }
        foreach (var path in new[] { "/", "/en", "/legal", "/en/legal", "/about", "/en/about", "/complaints", "/en/complaints", "/plan", "/en/plan" })
        {
            Assert.Contains(Url(path), locations);
        }
        Assert.Equal(2 * (5 + 3 * guides.Count), locations.Count);
        Assert.DoesNotContain(locations, l => l.Contains("/search", StringComparison.Ordinal) || l.Contains("/editor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_page_names_both_languages_and_a_default_and_every_listed_page_answers()
    {
        foreach (var url in await UrlsAsync())
        {
            var alternates = url.Elements(Xhtml + "link").Where(l => (string?)l.Attribute("rel") == "alternate")
                .ToDictionary(l => (string)l.Attribute("hreflang")!, l => (string)l.Attribute("href")!);
            Assert.Equal(["en", "x-default", "zh-Hans"], alternates.Keys.Order());
            var loc = (string)url.Element(Sitemap + "loc")!;
            Assert.Contains(loc, alternates.Values);
            Assert.Equal(alternates["zh-Hans"], alternates["x-default"]);
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(loc)).StatusCode);
        }
    }

    [Fact]
    public async Task Robots_txt_allows_the_site_keeps_crawlers_out_of_the_editor_and_search_and_names_the_sitemap()
    {
        var response = await _client.GetAsync("/robots.txt");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("User-agent: *", lines[0]);
        Assert.Contains("Allow: /", lines);
        foreach (var path in new[] { "/editor", "/search", "/en/search", "/api/search", "/api/v1/search" })
        {
            Assert.Contains("Disallow: " + path, lines);
        }
        Assert.DoesNotContain(lines, l => l.StartsWith("Disallow:", StringComparison.Ordinal) && ("/guides/jd".StartsWith(l[9..].Trim(), StringComparison.Ordinal) || l.Trim() == "Disallow: /"));
        Assert.Contains("Sitemap: " + Url("/sitemap.xml"), lines);
    }
}
