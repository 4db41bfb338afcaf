using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api.V1;

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
        { "1 char", "博", "weibo" },
        { "1 char", "度", "baidu" },
        { "1 char", "东", "jd" },
        // Two characters: names, features and words from the text.
        { "2 chars", "微信", "wechat" },
        { "2 chars", "淘宝", "taobao" },
        { "2 chars", "京东", "jd" },
        { "2 chars", "百度", "baidu" },
        { "2 chars", "网易", "netease" },
        { "2 chars", "微博", "weibo" },
        { "3+ chars", "腾讯QQ", "qq" },
        { "2 chars", "邮箱", "netease" },
        { "2 chars", "网盘", "baidu-netdisk" },
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
        { "3+ chars", "百度网盘", "baidu-netdisk" },
        { "3+ chars", "京东商城", "jd" },
        { "3+ chars", "新浪微博", "weibo" },
        { "3+ chars", "手机淘宝", "taobao" },
        { "3+ chars", "爱心捐赠", "alipay" },
        { "3+ chars", "永久注销账户", "alipay" },
        // Mixed Chinese and Latin, several words.
        { "mixed", "163邮箱", "netease" },
        { "mixed", "QQ空间", "qq" },
        { "mixed", "支付宝 注销", "alipay" },
        { "mixed", "百度 网盘", "baidu-netdisk" },
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
        { "english", "Tencent QQ", "qq" },
        { "english", "sina weibo", "weibo" },
        { "english", "tencent qq", "qq" },
        { "english", "alipay.com", "alipay" },
        { "english", "baidu.com", "baidu" },
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
        // Questions, as people type them (issue 16): filler dropped, generic words only rank, the platform first.
        { "question", "微信怎么注销", "wechat" },
        { "question", "支付宝怎么注销", "alipay" },
        { "question", "QQ能注销吗", "qq" },
        { "question", "微博注销条件", "weibo" },
        { "question", "支付宝余额不为0怎么注销", "alipay" },
        { "question", "淘宝怎么注销账号", "taobao" },
        { "question", "京东如何注销", "jd" },
        { "question", "百度账号怎么注销", "baidu" },
        { "question", "网易邮箱怎么注销", "netease" },
        { "question", "怎样注销微博", "weibo" },
        { "question", "微信注销需要什么条件", "wechat" },
        { "question", "我的淘宝账户可以注销吗", "taobao" },
        { "question", "请问京东账户在哪里注销", "jd" },
        { "question", "百度网盘能注销吗", "baidu-netdisk" },
        { "question", "QQ号怎么永久注销", "qq" },
        { "question", "如何彻底删除微信账号", "wechat" },
        { "question", "支付宝注销后余额怎么办", "alipay" },
        { "question", "163邮箱可以注销吗？", "netease" },
        // A platform and a generic word, in either order.
        { "platform + generic", "京东账号注销", "jd" },
        { "platform + generic", "网易账号注销", "netease" },
        { "platform + generic", "163邮箱注销", "netease" },
        { "platform + generic", "淘宝注销", "taobao" },
        { "platform + generic", "注销支付宝", "alipay" },
        { "platform + generic", "百度注销入口", "baidu" },
        { "platform + generic", "微博销户", "weibo" },
        { "platform + generic", "QQ账号注销", "qq" },
        { "platform + generic", "支付宝账户注销", "alipay" },
        { "platform + generic", "注销京东", "jd" },
        { "platform + generic", "微信 注销 账号", "wechat" },
        // A platform, or no platform at all, and a word its guide uses.
        { "platform + term", "淘宝交易记录", "taobao" },
        { "platform + term", "解绑微信授权", "wechat" },
        { "platform + term", "支付宝余额", "alipay" },
        { "platform + term", "网易 163", "netease" },
        { "platform + term", "京东 客服", "jd" },
        { "platform + term", "微博授权登录", "weibo" },
        { "platform + term", "QQ空间关闭", "qq" },
        { "platform + term", "百度网盘 资料", "baidu-netdisk" },
        { "platform + term", "芝麻信用 支付宝", "alipay" },
        { "platform + term", "余额不为0怎么注销", "alipay" },
        // Pinyin sentences.
        { "pinyin sentence", "weixin zhuxiao", "wechat" },
        { "pinyin sentence", "zhifubao zenme zhuxiao", "alipay" },
        { "pinyin sentence", "zhifubao zhuxiao", "alipay" },
        { "pinyin sentence", "taobao zhanghao zhuxiao", "taobao" },
        { "pinyin sentence", "jingdong zenme zhuxiao", "jd" },
        { "pinyin sentence", "weibo zhuxiao tiaojian", "weibo" },
        { "pinyin sentence", "wangyi youxiang zhuxiao", "netease" },
        { "pinyin sentence", "baidu zhanghao zhuxiao", "baidu" },
        { "pinyin sentence", "qq zenme zhuxiao", "qq" },
        { "pinyin sentence", "wx zhuxiao", "wechat" },
        { "pinyin sentence", "zfb怎么注销", "alipay" },
        // English sentences.
        { "english sentence", "how to delete wechat", "wechat" },
        { "english sentence", "close jd account", "jd" },
        { "english sentence", "weibo account deletion", "weibo" },
        { "english sentence", "how do I delete my QQ account", "qq" },
        { "english sentence", "cancel alipay", "alipay" },
        { "english sentence", "how to close my taobao account", "taobao" },
        { "english sentence", "delete baidu account", "baidu" },
        { "english sentence", "how can I cancel my NetEase account", "netease" },
        { "english sentence", "remove sina weibo account", "weibo" },
        { "english sentence", "wechat account deletion", "wechat" },
        { "english sentence", "How do I close my Alipay account?", "alipay" },
        // Typos inside a question.
        { "typo in question", "weixn zhuxiao", "wechat" },
        { "typo in question", "zhifubo怎么注销", "alipay" },
        { "typo in question", "how to delete wechta", "wechat" },
        { "typo in question", "alipy怎么注销", "alipay" },
        { "typo in question", "cancel alipya account", "alipay" },
        { "typo in question", "taobo zhanghao zhuxiao", "taobao" },
        { "typo in question", "jingdogn怎么注销", "jd" },
        { "typo in question", "netesae account deletion", "netease" },
        { "typo in question", "biadu zhuxiao", "baidu" },
        { "typo in question", "weiob注销条件", "weibo" },
        // The 24 guides added for issue 13, a line or two per guide: its Chinese name, pinyin and initials, an alias
        // from its front matter, a typo and a question. ("dd" is both 滴滴 and 钉钉: no case expects either first.)
        { "2 chars", "抖音", "douyin" }, { "pinyin", "douyin", "douyin" }, { "initials", "dy", "douyin" },
            { "3+ chars", "抖音极速版", "douyin" }, { "typo", "duoyin", "douyin" }, { "question", "抖音怎么注销", "douyin" },
        { "2 chars", "快手", "kuaishou" }, { "pinyin", "kuaishou", "kuaishou" }, { "initials", "ks", "kuaishou" },
            { "3+ chars", "快手极速版", "kuaishou" }, { "typo", "kuaishuo", "kuaishou" }, { "question", "快手账号怎么注销", "kuaishou" },
        { "3+ chars", "小红书", "xiaohongshu" }, { "pinyin", "xiaohongshu", "xiaohongshu" }, { "initials", "xhs", "xiaohongshu" },
            { "english", "rednote", "xiaohongshu" }, { "typo", "xiaohongsu", "xiaohongshu" }, { "question", "小红书能注销吗", "xiaohongshu" },
        { "3+ chars", "哔哩哔哩", "bilibili" }, { "pinyin", "bilibili", "bilibili" }, { "initials", "blbl", "bilibili" },
            { "mixed", "B站", "bilibili" }, { "typo", "bilbili", "bilibili" }, { "question", "B站怎么注销账号", "bilibili" },
        { "2 chars", "豆瓣", "douban" }, { "pinyin", "douban", "douban" }, { "initials", "db", "douban" },
            { "3+ chars", "豆瓣网", "douban" }, { "typo", "doubna", "douban" }, { "question", "豆瓣如何注销", "douban" },
        { "3+ chars", "微信支付", "wechat-pay" }, { "pinyin", "weixinzhifu", "wechat-pay" }, { "initials", "wxzf", "wechat-pay" },
            { "3+ chars", "财付通", "wechat-pay" }, { "typo", "weixinzhfu", "wechat-pay" }, { "question", "微信支付怎么注销", "wechat-pay" },
        { "3+ chars", "拼多多", "pinduoduo" }, { "pinyin", "pinduoduo", "pinduoduo" }, { "initials", "pdd", "pinduoduo" },
            { "3+ chars", "拼夕夕", "pinduoduo" }, { "typo", "pinduodou", "pinduoduo" }, { "question", "拼多多怎么注销账号", "pinduoduo" },
        { "2 chars", "美团", "meituan" }, { "pinyin", "meituan", "meituan" }, { "initials", "mt", "meituan" },
            { "3+ chars", "美团外卖", "meituan" }, { "typo", "meituna", "meituan" }, { "question", "美团账号注销", "meituan" },
        { "3+ chars", "饿了么", "eleme" }, { "pinyin", "eleme", "eleme" }, { "initials", "elm", "eleme" },
            { "3+ chars", "饿了吗", "eleme" }, { "typo", "eleem", "eleme" }, { "question", "饿了么怎么注销", "eleme" },
        { "3+ chars", "滴滴出行", "didi" }, { "pinyin", "didi", "didi" }, { "3+ chars", "滴滴打车", "didi" },
            { "typo", "ddii", "didi" }, { "question", "滴滴怎么注销账号", "didi" },
        { "2 chars", "携程", "ctrip" }, { "pinyin", "xiecheng", "ctrip" }, { "initials", "xc", "ctrip" },
            { "english", "Trip.com", "ctrip" }, { "typo", "xeicheng", "ctrip" }, { "question", "携程怎么注销", "ctrip" },
        { "2 chars", "飞猪", "fliggy" }, { "pinyin", "feizhu", "fliggy" }, { "initials", "fz", "fliggy" },
            { "3+ chars", "阿里旅行", "fliggy" }, { "typo", "flggy", "fliggy" }, { "question", "飞猪账号如何注销", "fliggy" },
        { "mixed", "铁路12306", "railway-12306" }, { "pinyin", "tielu12306", "railway-12306" }, { "mixed", "12306", "railway-12306" },
            { "typo", "tielu1236", "railway-12306" }, { "question", "12306怎么注销", "railway-12306" },
        { "3+ chars", "高德地图", "amap" }, { "pinyin", "gaodeditu", "amap" }, { "initials", "gd", "amap" },
            { "2 chars", "高德", "amap" }, { "typo", "gaodedtu", "amap" }, { "question", "高德地图怎么注销账号", "amap" },
        { "pinyin", "baiduwangpan", "baidu-netdisk" }, { "initials", "bdwp", "baidu-netdisk" }, { "2 chars", "度盘", "baidu-netdisk" },
            { "typo", "baiduwanpan", "baidu-netdisk" }, { "question", "百度云盘怎么注销", "baidu-netdisk" },
        { "3+ chars", "爱奇艺", "iqiyi" }, { "pinyin", "aiqiyi", "iqiyi" }, { "initials", "aqy", "iqiyi" },
            { "2 chars", "奇艺", "iqiyi" }, { "typo", "iqyi", "iqiyi" }, { "question", "爱奇艺会员怎么注销", "iqiyi" },
        { "3+ chars", "腾讯视频", "tencent-video" }, { "pinyin", "tengxunshipin", "tencent-video" }, { "initials", "txsp", "tencent-video" },
            { "english", "WeTV", "tencent-video" }, { "typo", "tengxunshpin", "tencent-video" }, { "question", "腾讯视频怎么注销", "tencent-video" },
        { "3+ chars", "网易云音乐", "netease-cloud-music" }, { "pinyin", "wangyiyunyinyue", "netease-cloud-music" }, { "initials", "wyy", "netease-cloud-music" },
            { "3+ chars", "网抑云", "netease-cloud-music" }, { "3+ chars", "网易云", "netease-cloud-music" }, { "typo", "wangyiyunyinle", "netease-cloud-music" },
            { "question", "网易云音乐怎么注销", "netease-cloud-music" },
        { "2 chars", "钉钉", "dingtalk" }, { "pinyin", "dingding", "dingtalk" }, { "english", "DingTalk", "dingtalk" },
            { "3+ chars", "钉钉企业", "dingtalk" }, { "typo", "dingtlak", "dingtalk" }, { "question", "钉钉怎么注销", "dingtalk" },
        { "3+ chars", "企业微信", "wecom" }, { "pinyin", "qiyeweixin", "wecom" }, { "initials", "qywx", "wecom" },
            { "2 chars", "企微", "wecom" }, { "typo", "qiyewiexin", "wecom" }, { "question", "企业微信怎么注销", "wecom" },
        { "english", "Soul", "soul" }, { "english", "soul app", "soul" }, { "typo", "suol", "soul" },
            { "question", "Soul怎么注销", "soul" },
        { "3+ chars", "中国移动", "china-mobile" }, { "pinyin", "zhongguoyidong", "china-mobile" }, { "initials", "zgyd", "china-mobile" },
            { "2 chars", "移动", "china-mobile" }, { "mixed", "10086", "china-mobile" }, { "typo", "zhongguoydong", "china-mobile" },
            { "question", "中国移动怎么销户", "china-mobile" }, { "question", "移动手机号怎么销号", "china-mobile" },
        { "3+ chars", "中国联通", "china-unicom" }, { "pinyin", "liantong", "china-unicom" }, { "initials", "zglt", "china-unicom" },
            { "2 chars", "联通", "china-unicom" }, { "mixed", "10010", "china-unicom" }, { "typo", "liangtong", "china-unicom" },
            { "question", "联通手机号怎么注销", "china-unicom" },
        { "3+ chars", "中国电信", "china-telecom" }, { "pinyin", "dianxin", "china-telecom" }, { "initials", "zgdx", "china-telecom" },
            { "2 chars", "天翼", "china-telecom" }, { "mixed", "10000", "china-telecom" }, { "typo", "dainxin", "china-telecom" },
            { "question", "电信怎么销户", "china-telecom" },
    };

    /// <summary>The query classes of issue 16: what readers type as a sentence.</summary>
    private static readonly string[] QuestionClasses =
        ["question", "platform + generic", "platform + term", "pinyin sentence", "english sentence", "typo in question"];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_expected_guide_comes_first(string queryClass, string query, string expected)
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.True(response!.Results.Count > 0, $"{queryClass} query '{query}' found nothing");
        Assert.Equal(expected, response.Results[0].Slug);
    }

    /// <summary>The search page shows the same guide first (the title link of the first card).</summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_search_page_shows_the_expected_guide_first(string queryClass, string query, string expected)
    {
        var (response, page) = await site.Client.GetPageAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var first = page.QuerySelector(".cards.results li a.card-title");
        Assert.True(first is not null, $"{queryClass} query '{query}' shows no result");
        Assert.Equal("/guides/" + expected, first.GetAttribute("href"));
    }

    [Fact]
    public void The_query_set_has_at_least_sixty_cases_in_every_class()
    {
        var cases = Queries().Select(row => (string)row[0]).ToList();
        Assert.True(cases.Count >= 60);
        Assert.True(cases.Count(QuestionClasses.Contains) >= 60);
        Assert.Equal(["1 char", "2 chars", "3+ chars", "english", "english sentence", "initials", "mixed", "pinyin", "pinyin sentence",
            "platform + generic", "platform + term", "question", "typo", "typo in question"], cases.Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Every guide in content/ has cases for its Chinese name, its pinyin or initials (unless its name is Latin), an
    /// alias from its front matter that is neither (B站, 12306, 财付通) and a question, so a guide added later without
    /// cases fails here.
    /// </summary>
    [Fact]
    public void Every_guide_has_its_name_pinyin_an_alias_and_a_question_in_the_query_set()
    {
        var cases = Queries().Select(row => (Class: (string)row[0], Query: ((string)row[1]).Trim(), Slug: (string)row[2])).ToList();
        var missing = new List<string>();
        foreach (var file in AccountExit.Web.Content.ContentSet.Load(Repo.Content).Guides)
        {
            var guide = file.FrontMatter;
            var mine = cases.Where(c => c.Slug == guide.Slug).ToList();
            // "中国移动（手机号销户）" is asked for as 中国移动.
            var name = guide.Name.Split('（')[0];
            var hasHan = name.Any(c => c >= '\u4E00' && c <= '\u9FFF');
            if (!mine.Any(c => string.Equals(c.Query, name, StringComparison.OrdinalIgnoreCase)))
            {
                missing.Add($"{guide.Slug}: its name {name}");
            }
            if (hasHan && !mine.Any(c => c.Class is "pinyin" or "initials"))
            {
                missing.Add($"{guide.Slug}: pinyin or initials");
            }
            if (!mine.Any(c => c.Class is not ("pinyin" or "initials") && !string.Equals(c.Query, name, StringComparison.OrdinalIgnoreCase)
                && guide.Aliases.Contains(c.Query, StringComparer.OrdinalIgnoreCase)))
            {
                missing.Add($"{guide.Slug}: an alias other than pinyin and initials");
            }
            if (!mine.Any(c => c.Class == "question"))
            {
                missing.Add($"{guide.Slug}: a question");
            }
        }
        Assert.Empty(missing);
    }

    /// <summary>
    /// Every name and alias of every guide, asked as a question four ways, finds something, and its own guide first.
    /// The names come from the API, so guides added to content/ are covered too.
    /// </summary>
    [Fact]
    public async Task No_question_naming_a_covered_platform_finds_nothing()
    {
        var guides = await site.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/guides");
        var failures = new List<string>();
        foreach (var guide in guides.EnumerateArray())
        {
            var slug = guide.GetProperty("slug").GetString()!;
            foreach (var name in new[] { guide.GetProperty("name").GetString()!, guide.GetProperty("nameEn").GetString()! })
            {
                foreach (var question in new[] { "{0}怎么注销", "{0}能注销吗", "how to delete {0} account", "注销{0}需要什么条件" })
                {
                    var query = string.Format(System.Globalization.CultureInfo.InvariantCulture, question, name);
                    var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
                    if (response!.Results.Count == 0 || response.Results[0].Slug != slug)
                    {
                        failures.Add($"{query} -> {(response.Results.Count == 0 ? "nothing" : response.Results[0].Slug)}");
                    }
                }
            }
        }
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("知乎怎么注销", "知乎")]
    [InlineData("how to delete youku", "优酷")]
    [InlineData("今日头条账号注销", "今日头条")]
    [InlineData("QQ音乐怎么注销", "QQ音乐")]
    public async Task A_platform_without_a_guide_is_said_to_have_none_and_the_closest_guides_follow(string query, string platform)
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(platform.ToLowerInvariant(), response!.NotCovered?.ToLowerInvariant());
        Assert.NotEmpty(response.Results);
        Assert.DoesNotContain(response.Results.Take(1), r => r.Slug == "qq" && platform == "QQ音乐" && r.Score >= 1000);
    }

    [Fact]
    public async Task A_question_about_a_covered_platform_says_nothing_about_missing_guides()
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString("百度网盘怎么注销"));
        Assert.Null(response!.NotCovered);
        Assert.Equal("baidu-netdisk", response.Results[0].Slug);
    }

    [Theory]
    [InlineData("微信怎么注销", "微信")]
    [InlineData("淘宝交易记录", "交易")]
    [InlineData("解绑微信授权", "授权")]
    public async Task Highlights_mark_the_words_that_matched(string query, string word)
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        var marked = response!.Results[0].Highlights.Where(p => p.Match).Select(p => p.Text).ToList();
        Assert.Contains(marked, m => m.Contains(word, StringComparison.Ordinal));
        Assert.DoesNotContain(marked, m => m is "怎么" or "吗");
    }

    [Theory]
    [InlineData("注销")]
    [InlineData("解绑")]
    [InlineData("冷静期")]
    [InlineData("手机号")]
    public async Task Common_words_find_every_guide_that_uses_them(string query)
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.True(response!.Count >= 2, $"'{query}' found {response.Count}");
        // One page holds at most 20 results; 32 guides share these words.
        Assert.Equal(Math.Min(response.Count, 20), response.Results.Count);
    }

    [Fact]
    public async Task One_character_finds_both_names_that_have_it()
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString("微"));
        Assert.Contains(response!.Results, r => r.Slug == "wechat");
        Assert.Contains(response.Results, r => r.Slug == "weibo");
    }

    [Theory]
    [InlineData("zzzzqq")]
    [InlineData("鑫鑫鑫鑫")]
    [InlineData("xyzzy plugh")]
    public async Task A_query_with_no_match_finds_nothing(string query)
    {
        var response = await site.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(0, response!.Count);
        Assert.Empty(response.Results);
    }
}
