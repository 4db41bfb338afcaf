using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api;

namespace AccountExit.Tests.Search;

/// <summary>
/// The query set: what readers type, by class, and the guide that must come first, over the eight real guides.
/// Every case goes through /api/search on the real site (the page shows the same order: see SearchTests).
/// </summary>
[Collection("site")]
public sealed class QuerySetTests(SiteFixture site)
{
    public static TheoryData<string, string, string> Queries() => new()
    {
        // One Chinese character: names that contain it come first.
        { "1 char", "淘", "taobao" },
        { "1 char", "京", "jd" },
        { "1 char", "百", "baidu" },
        { "1 char", "易", "netease" },
        { "1 char", "博", "weibo" },
        { "1 char", "信", "wechat" },
        { "1 char", "度", "baidu" },
        { "1 char", "东", "jd" },
        { "1 char", "付", "alipay" },
        // Two characters: names, features and words from the text.
        { "2 chars", "微信", "wechat" },
        { "2 chars", "淘宝", "taobao" },
        { "2 chars", "京东", "jd" },
        { "2 chars", "百度", "baidu" },
        { "2 chars", "网易", "netease" },
        { "2 chars", "微博", "weibo" },
        { "2 chars", "腾讯", "qq" },
        { "2 chars", "邮箱", "netease" },
        { "2 chars", "网盘", "baidu" },
        { "2 chars", "余额", "alipay" },
        { "2 chars", "芝麻", "alipay" },
        { "2 chars", "空间", "qq" },
        { "2 chars", "商城", "jd" },
        { "2 chars", "新浪", "weibo" },
        // Three or more characters.
        { "3+ chars", "支付宝", "alipay" },
        { "3+ chars", "芝麻信用", "alipay" },
        { "3+ chars", "余额宝", "alipay" },
        { "3+ chars", "后悔期", "jd" },
        { "3+ chars", "网易邮箱", "netease" },
        { "3+ chars", "百度网盘", "baidu" },
        { "3+ chars", "京东商城", "jd" },
        { "3+ chars", "新浪微博", "weibo" },
        { "3+ chars", "手机淘宝", "taobao" },
        { "3+ chars", "爱心捐赠", "alipay" },
        { "3+ chars", "永久注销账户", "alipay" },
        // Mixed Chinese and Latin, several words.
        { "mixed", "163邮箱", "netease" },
        { "mixed", "QQ空间", "qq" },
        { "mixed", "支付宝 注销", "alipay" },
        { "mixed", "百度 网盘", "baidu" },
        { "mixed", "注销 芝麻信用", "alipay" },
        { "mixed", "163", "netease" },
        { "mixed", "126", "netease" },
        // Pinyin.
        { "pinyin", "weixin", "wechat" },
        { "pinyin", "zhifubao", "alipay" },
        { "pinyin", "jingdong", "jd" },
        { "pinyin", "wangyi", "netease" },
        { "pinyin", "xinlang", "weibo" },
        { "pinyin", "taobao", "taobao" },
        { "pinyin", "baidu", "baidu" },
        { "pinyin", "weibo", "weibo" },
        // Initials.
        { "initials", "wx", "wechat" },
        { "initials", "zfb", "alipay" },
        { "initials", "wy", "netease" },
        { "initials", "tb", "taobao" },
        { "initials", "bd", "baidu" },
        { "initials", "xlwb", "weibo" },
        { "initials", "wb", "weibo" },
        { "initials", "jd", "jd" },
        // English names, any case, full width and spacing.
        { "english", "WeChat", "wechat" },
        { "english", "WECHAT", "wechat" },
        { "english", "Alipay", "alipay" },
        { "english", "NetEase", "netease" },
        { "english", "Tencent", "qq" },
        { "english", "sina weibo", "weibo" },
        { "english", "tencent qq", "qq" },
        { "english", "alipay.com", "alipay" },
        { "english", "JD.COM", "jd" },
        { "english", "QQ", "qq" },
        { "english", "ｗｘ", "wechat" },
        { "english", "  wx  ", "wechat" },
        // Typos in Latin names and pinyin.
        { "typo", "wechta", "wechat" },
        { "typo", "alipy", "alipay" },
        { "typo", "weixn", "wechat" },
        { "typo", "zhifubo", "alipay" },
        { "typo", "taobo", "taobao" },
        { "typo", "jingdogn", "jd" },
        { "typo", "netesae", "netease" },
        { "typo", "biadu", "baidu" },
        { "typo", "weiob", "weibo" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_expected_guide_comes_first(string queryClass, string query, string expected)
    {
        var response = await site.Client.GetFromJsonAsync<GuidesApi.SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.True(response!.Results.Count > 0, $"{queryClass} query '{query}' found nothing");
        Assert.Equal(expected, response.Results[0].Slug);
    }

    [Fact]
    public void The_query_set_has_at_least_sixty_cases_in_every_class()
    {
        var cases = Queries().Select(row => (string)row[0]).ToList();
        Assert.True(cases.Count >= 60);
        Assert.Equal(["1 char", "2 chars", "3+ chars", "english", "initials", "mixed", "pinyin", "typo"], cases.Distinct().Order());
    }

    [Theory]
    [InlineData("注销")]
    [InlineData("解绑")]
    [InlineData("冷静期")]
    [InlineData("手机号")]
    public async Task Common_words_find_every_guide_that_uses_them(string query)
    {
        var response = await site.Client.GetFromJsonAsync<GuidesApi.SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.True(response!.Count >= 2, $"'{query}' found {response.Count}");
        Assert.Equal(response.Count, response.Results.Count);
    }

    [Fact]
    public async Task One_character_finds_both_names_that_have_it()
    {
        var response = await site.Client.GetFromJsonAsync<GuidesApi.SearchResponse>("/api/search?q=" + Uri.EscapeDataString("微"));
        Assert.True(response!.Results[0].Slug is "wechat" or "weibo");
        Assert.Contains(response.Results, r => r.Slug == "weibo");
    }

    [Theory]
    [InlineData("zzzzqq")]
    [InlineData("实名认证不存在的词")]
    [InlineData("xyzzy plugh")]
    public async Task A_query_with_no_match_finds_nothing(string query)
    {
        var response = await site.Client.GetFromJsonAsync<GuidesApi.SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(0, response!.Count);
        Assert.Empty(response.Results);
    }
}
