using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Tests.Languages;

namespace AccountExit.Tests.Pages;

/// <summary>The complaint routes page, checked against shared/legal/REFERENCE.md section 7 ("Where users can complain").</summary>
[Collection("site")]
public sealed class ComplaintsPageTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    /// <summary>Each route, its marker in REFERENCE.md, and the channels that table lists for it.</summary>
    public static TheoryData<string, string, string[]> Routes() => new()
    {
        { "platform", "V2", [] },
        { "hotline-12321", "V2", ["www.12321.cn", "010-12321", "12321举报中心", "12321助手", "abuse@12321.cn"] },
        { "hotline-12377", "V1", ["www.12377.cn", "12377", "jubao@12377.cn", "网络举报"] },
        { "cac-provincial", "V1", [] },
        { "hotline-12300", "P", ["010-12300", "yhssglxt.miit.gov.cn"] },
        { "hotline-12315", "M", ["12315"] },
        { "court", "V2", [] },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_route_says_what_it_covers_how_to_reach_it_and_how_sure_we_are(string id, string marker, string[] channels)
    {
        var (response, page) = await _client.GetPageAsync("/complaints");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var route = page.GetElementById(id);
        Assert.NotNull(route);
        var badge = route.QuerySelector(".badge.confidence[data-marker]")!;
        Assert.Equal(marker, badge.GetAttribute("data-marker"));
        Assert.Contains($"[{marker}]", badge.TextContent, StringComparison.Ordinal);
        Assert.Equal("#confidence", badge.GetAttribute("href"));
        Assert.Equal(["受理什么", "怎么联系"], route.QuerySelectorAll("h3").Select(h => h.TextContent.Trim()));
        var listed = route.QuerySelectorAll(".channels dd > a, .channels dd > span:not(.note):not(.badge)").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(channels, listed);
        if (channels.Length == 0)
        {
            // Where the reference lists no channel, the page says so instead of supplying one.
            Assert.NotEmpty(route.QuerySelectorAll("h3 ~ p"));
        }
    }

    [Fact]
    public async Task Channels_the_reference_has_not_checked_are_marked_on_the_page()
    {
        var (_, page) = await _client.GetPageAsync("/complaints");
        var notChecked = page.QuerySelectorAll(".channels dd").Where(dd => dd.QuerySelector(".confidence-m") is not null)
            .Select(dd => dd.FirstElementChild!.TextContent.Trim()).ToList();
        Assert.Equal(["yhssglxt.miit.gov.cn", "12315"], notChecked);
        Assert.Equal("mailto:abuse@12321.cn", page.QuerySelector("#hotline-12321 a[href^='mailto:']")!.GetAttribute("href"));
        Assert.Equal("tel:12377", page.QuerySelector("#hotline-12377 a[href^='tel:']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_page_explains_every_confidence_label_it_uses()
    {
        var (_, page) = await _client.GetPageAsync("/complaints");
        var used = page.QuerySelectorAll(".route .badge[data-marker]").Select(b => b.GetAttribute("data-marker")!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["M", "P", "V1", "V2"], used);
        var legend = page.GetElementById("confidence")!;
        foreach (var marker in used)
        {
            Assert.Contains($"[{marker}]", legend.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);
        }
        Assert.Equal(used.Count, legend.QuerySelectorAll("dd").Length);
    }

    [Fact]
    public async Task The_court_route_rests_on_pipl_article_50_and_links_the_law_page()
    {
        var (_, page) = await _client.GetPageAsync("/complaints");
        var court = page.GetElementById("court")!;
        Assert.Contains("第五十条第二款", court.TextContent, StringComparison.Ordinal);
        Assert.NotNull(court.QuerySelector("a[href='/legal#pipl-50']"));
        Assert.NotNull(page.GetElementById("cac-provincial")!.QuerySelector("a[href='/legal#pipl-65']"));
    }

    [Fact]
    public async Task The_english_page_is_in_english_with_the_chinese_names_marked()
    {
        var (response, page) = await _client.GetPageAsync("/en/complaints");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(LanguageTests.ChineseOutsideChineseElements(page));
        Assert.Equal("When the platform refuses", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Confidence: One source [V1]", page.QuerySelector("#hotline-12377 .badge")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("zh-Hans", page.QuerySelector("#hotline-12321 h2 span[lang]")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_page_is_cached_and_revalidates()
    {
        var first = await _client.GetAsync("/complaints");
        Assert.Contains("public", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/complaints");
        revalidation.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(revalidation)).StatusCode);
    }
}
