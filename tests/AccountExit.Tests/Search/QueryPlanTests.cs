using AccountExit.Web.Search;

namespace AccountExit.Tests.Search;

/// <summary>How a query is understood (issue 16), on small catalogs built in memory: no site needed.</summary>
public sealed class QueryPlanTests
{
    private static NameCatalog Catalog(params (string Slug, string[] Names)[] guides) =>
        new(1, [.. guides.Select((g, i) => (new NameCatalog.Entry(i + 1, g.Slug, g.Names[0], "social", "medium"), (IEnumerable<string>)g.Names))]);

    private static readonly (string, string[]) WeChat = ("wechat", ["微信", "WeChat", "weixin", "wx"]);
    private static readonly (string, string[]) Qq = ("qq", ["QQ", "腾讯QQ", "QQ空间"]);

    private static QueryPlan Understand(string query, NameCatalog catalog) => QueryPlan.Understand(SearchText.Terms(query), catalog);

    [Fact]
    public void A_question_becomes_its_platform_and_its_meaningful_words()
    {
        var plan = Understand("微信注销需要什么条件", Catalog(WeChat, Qq));
        Assert.Equal(["wechat"], plan.Platforms.Select(p => p.Slug));
        Assert.Equal(["条件"], plan.Words);
        Assert.Equal(["注销"], plan.Generic);
        Assert.Null(plan.NotCovered);
        Assert.False(plan.IsPlain);
    }

    [Theory]
    [InlineData("how do I delete my QQ account", "qq")]
    [InlineData("weixin zhuxiao", "wechat")]
    [InlineData("QQ空间怎么关闭", "qq")]
    public void Pinyin_english_and_names_of_several_words_name_the_platform(string query, string slug)
    {
        var plan = Understand(query, Catalog(WeChat, Qq));
        Assert.Equal([slug], plan.Platforms.Select(p => p.Slug));
        Assert.Empty(plan.Words);
    }

    [Fact]
    public void A_plain_word_is_searched_as_typed()
    {
        Assert.True(Understand("余额", Catalog(WeChat)).IsPlain);
    }

    [Fact]
    public void A_well_known_platform_without_a_guide_is_not_covered_until_a_guide_names_it()
    {
        var without = Understand("抖音怎么注销", Catalog(WeChat, Qq));
        Assert.Equal("抖音", without.NotCovered);
        Assert.Empty(without.Platforms);

        // The moment a guide has the name (or an alias of the same platform), the guide is found and nothing is said.
        var with = Understand("抖音怎么注销", Catalog(WeChat, ("douyin", ["抖音", "douyin"])));
        Assert.Null(with.NotCovered);
        Assert.Equal(["douyin"], with.Platforms.Select(p => p.Slug));
        Assert.Null(Understand("how to delete tiktok", Catalog(("douyin", ["抖音短视频", "TikTok"]))).NotCovered);
    }

    [Fact]
    public void A_covered_name_inside_an_uncovered_platform_does_not_name_the_covered_guide()
    {
        var plan = Understand("QQ音乐怎么注销", Catalog(WeChat, Qq));
        Assert.Equal("QQ音乐", plan.NotCovered);
        Assert.Empty(plan.Platforms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("怎么 吗 how to")]
    [InlineData("\u0000\uD800")]
    public void Filler_or_nothing_gives_an_empty_plan_not_an_error(string query)
    {
        var plan = Understand(query, Catalog(WeChat));
        Assert.Empty(plan.Platforms);
        Assert.Empty(plan.Words);
    }

    [Fact]
    public void Markup_is_only_letters_to_search()
    {
        Assert.Equal(["script"], Understand("\"><script>", Catalog(WeChat)).Words);
    }
}
