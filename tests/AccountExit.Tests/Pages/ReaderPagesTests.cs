using System.Net;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Pages;

[Collection("site")]
public sealed class ReaderPagesTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    public static TheoryData<string> Guides() => [.. Repo.GuideSlugs];

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Every_guide_shows_its_facts_dates_sources_and_law(string slug)
    {
        var (response, page) = await _client.GetPageAsync($"/guides/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("注销", page.Text("h1"), StringComparison.Ordinal);
        Assert.Matches(@"\d{4}", page.Text(".evidence-line"));
        // The Chinese page is Chinese: the English summary belongs on the English page.
        Assert.Null(page.QuerySelector(".summary-en"));
        Assert.NotEmpty(page.QuerySelectorAll("ol.sources li"));
        var lawLinks = page.QuerySelectorAll(".law-links a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/legal#pipl-47", lawLinks);
        Assert.Contains("/legal#csl-45", lawLinks);
        Assert.All(lawLinks, l => Assert.StartsWith("/legal#", l, StringComparison.Ordinal));
        Assert.NotEmpty(page.QuerySelectorAll(".body h2"));
    }

    [Fact]
    public async Task Jd_guide_shows_timing_as_data()
    {
        var (_, page) = await _client.GetPageAsync("/guides/jd");
        var timing = page.Text(".timing");
        Assert.Contains("72 小时", timing, StringComparison.Ordinal);
        Assert.Contains("30 天", timing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legal_page_has_every_provision_under_a_stable_anchor()
    {
        var (response, page) = await _client.GetPageAsync("/legal");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var id in new[] { "csl-45", "miit-24-9", "pipl-15", "pipl-16", "pipl-44", "pipl-47", "pipl-50", "ndsr-23", "ndsr-24", "app-rules-2019-6", "gbt-35273-8-5" })
        {
            var section = page.GetElementById(id);
            Assert.NotNull(section);
            Assert.NotNull(section.QuerySelector(".verbatim p, .verbatim li"));
            Assert.Contains("Unofficial", section.QuerySelector(".gloss")!.TextContent, StringComparison.Ordinal);
        }
        var csl = page.GetElementById("csl-45")!;
        Assert.Contains("第四十五条", csl.TextContent, StringComparison.Ordinal);
        Assert.Contains("第四十三条", csl.TextContent, StringComparison.Ordinal);
        Assert.Contains("有权要求网络运营者删除其个人信息", csl.QuerySelector(".verbatim")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("推荐性", page.GetElementById("gbt-35273-8-5")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.GetElementById("miit-24-9")!.QuerySelector(".note"));
    }

    [Fact]
    public async Task About_explains_the_difficulty_scale()
    {
        var (response, page) = await _client.GetPageAsync("/about");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var level in new[] { "easy", "medium", "hard", "limited", "impossible" })
        {
            Assert.NotNull(page.QuerySelector($"#difficulty ~ table .difficulty-{level}"));
        }
    }

    [Theory]
    [InlineData("/guides/no-such-platform")]
    [InlineData("/guides/%E5%BE%AE%E4%BF%A1")]
    [InlineData("/nothing/here")]
    public async Task Unknown_page_is_a_friendly_404_that_offers_search(string url)
    {
        var (response, page) = await _client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到", page.Text("h1"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form[action='/search'] input[name=q]"));
    }

    [Fact]
    public async Task Health_endpoint_reports_the_database()
    {
        var response = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> PublicPages() => ["/", "/about", "/legal", "/search", "/search?q=wx", "/guides/wechat", "/guides/nope"];

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task Pages_have_a_strict_csp_and_no_inline_script_or_style(string url)
    {
        var (response, page) = await _client.GetPageAsync(url);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("Server"));
        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
        Assert.Empty(page.QuerySelectorAll("style, [style]"));
        Assert.All(page.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        // No third-party requests: every script, stylesheet and image is on this site.
        foreach (var src in page.QuerySelectorAll("script[src], link[href]:not([rel=alternate]), img[src]").Select(e => e.GetAttribute("src") ?? e.GetAttribute("href")!))
        {
            Assert.StartsWith("/", src, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Static_css_and_js_are_served()
    {
        var (_, page) = await _client.GetPageAsync("/");
        foreach (var url in page.QuerySelectorAll("link[rel=stylesheet], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!))
        {
            foreach (var encoding in new[] { "br, gzip, deflate", "gzip", "identity" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                var response = await _client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Matches("^text/(css|javascript)$", response.Content.Headers.ContentType?.MediaType ?? "");
            }
        }
    }
}
