using System.Net;
using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api;

namespace AccountExit.Tests.Search;

[Collection("site")]
public sealed class PlatformSearchTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    private async Task<List<string>> SlugsAsync(string query)
    {
        var response = await _client.GetFromJsonAsync<GuidesApi.SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        return [.. response!.Results.Select(r => r.Slug)];
    }

    [Theory]
    [InlineData("wx", "wechat")]
    [InlineData("weixin", "wechat")]
    [InlineData("微信", "wechat")]
    [InlineData("WeChat", "wechat")]
    [InlineData("WECHAT", "wechat")]
    [InlineData("zhifubao", "alipay")]
    [InlineData("zfb", "alipay")]
    [InlineData("支付宝", "alipay")]
    [InlineData("Alipay", "alipay")]
    [InlineData("京东", "jd")]
    [InlineData("jingdong", "jd")]
    [InlineData("JD", "jd")]
    [InlineData("163", "netease")]
    [InlineData("网易", "netease")]
    [InlineData("wangyi", "netease")]
    [InlineData("NetEase", "netease")]
    [InlineData("淘宝", "taobao")]
    [InlineData("tb", "taobao")]
    [InlineData("微博", "weibo")]
    [InlineData("weibo", "weibo")]
    [InlineData("QQ", "qq")]
    [InlineData("百度", "baidu")]
    [InlineData("baidu", "baidu")]
    [InlineData("ｗｘ", "wechat")]
    [InlineData("  wx  ", "wechat")]
    public async Task Finds_the_platform_by_name_alias_pinyin_or_initials_first(string query, string expected)
    {
        var slugs = await SlugsAsync(query);
        Assert.NotEmpty(slugs);
        Assert.Equal(expected, slugs[0]);
    }

    [Fact]
    public async Task One_chinese_character_finds_every_platform_whose_name_has_it()
    {
        var slugs = await SlugsAsync("微");
        Assert.Equal(["wechat", "weibo"], slugs.Take(2).Order());
    }

    [Fact]
    public async Task Empty_query_lists_all_platforms()
    {
        Assert.Equal(8, (await SlugsAsync("")).Count);
        var (_, page) = await _client.GetPageAsync("/search?q=");
        Assert.Equal(8, page.QuerySelectorAll(".cards .card").Length);
    }

    [Fact]
    public async Task Search_page_shows_the_same_order_as_the_api()
    {
        var api = await SlugsAsync("微");
        var (_, page) = await _client.GetPageAsync("/search?q=%E5%BE%AE");
        var html = page.QuerySelectorAll(".card-title").Select(a => a.GetAttribute("href")!["/guides/".Length..]).ToList();
        Assert.Equal(api, html);
    }

    [Fact]
    public async Task No_match_gives_a_helpful_empty_state()
    {
        var (response, page) = await _client.GetPageAsync("/search?q=zzzzqqqq");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("没有找到", page.Text(".empty"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".empty a[href='/']"));
    }

    [Fact]
    public async Task Search_results_carry_url_difficulty_and_english_name()
    {
        var response = await _client.GetFromJsonAsync<GuidesApi.SearchResponse>("/api/search?q=wx");
        var first = response!.Results[0];
        Assert.Equal("/guides/wechat", first.Url);
        Assert.Equal("WeChat", first.NameEn);
        Assert.Equal("hard", first.Difficulty);
    }

    public static TheoryData<string> HostileQueries() =>
    [
        "\"abc",
        "AND OR",
        "(abc",
        "foo:bar",
        "a-b",
        "*",
        "NEAR(a b)",
        "' OR 1=1 --",
        "%",
        "%ZZ",
        "%FF%FE",
        "%00",
        "%E5%BE",
        "%F0%9F%98%80",
        "\U0001F600\U0001F4A9",
        "\u0001\u0002\u007f",
        "<script>alert(1)</script>",
        new string('a', 10_000),
        new string('微', 10_000),
        string.Concat(Enumerable.Repeat("wx ", 3_000)),
    ];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Any_query_string_is_just_a_search(string query)
    {
        // Raw (already percent-encoded) forms are sent as they are; others are encoded as a browser would.
        var encoded = query.StartsWith('%') ? query : Uri.EscapeDataString(query);
        foreach (var url in new[] { "/search?q=" + encoded, "/api/search?q=" + encoded })
        {
            var response = await _client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{url[..Math.Min(60, url.Length)]} gave {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                // The query is echoed into the page as text, never as markup.
                Assert.DoesNotContain("<script>alert(1)", body, StringComparison.Ordinal);
            }
        }
    }
}
