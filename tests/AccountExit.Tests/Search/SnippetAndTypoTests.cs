using System.Text;
using AccountExit.Web.Search;

namespace AccountExit.Tests.Search;

/// <summary>Which passage a result quotes, and which names a typo is corrected to: in memory, no site needed.</summary>
public sealed class SnippetAndTypoTests
{
    private static Snippet Build(string passages, params string[] words) =>
        Snippet.Build(Encoding.UTF8.GetBytes(passages), "摘要", new Snippet.Words(words));

    private static string Text(Snippet snippet) => string.Concat(snippet.Parts.Select(p => p.Text));

    [Fact]
    public void The_quoted_passage_is_the_first_that_holds_the_most_of_the_words()
    {
        const string Passages = "先解绑银行卡。\n注销前要清空余额。\n注销账号需要先解绑银行卡。\n账号注销后解绑银行卡也无用。";
        Assert.Equal("注销账号需要先解绑银行卡。", Text(Build(Passages, "注销", "银行卡")));
        // A word that is in the first passage and others: the first passage wins the tie.
        Assert.Equal("先解绑银行卡。", Text(Build(Passages, "银行卡")));
        // The last passage, without a newline after it, counts too.
        Assert.Equal("账号注销后解绑银行卡也无用。", Text(Build(Passages, "无用")));
    }

    [Fact]
    public void Latin_words_match_in_any_case_and_a_passage_without_any_word_gives_the_summary()
    {
        const string Passages = "Open the app.\nTap Settings, then Account Security.\nWeChat asks for a reason.";
        var snippet = Build(Passages, "account", "SECURITY");
        Assert.Equal("Tap Settings, then Account Security.", Text(snippet));
        Assert.Equal(["Account", "Security"], snippet.Parts.Where(p => p.Match).Select(p => p.Text));
        Assert.Equal("摘要", Text(Build(Passages, "银行卡")));
    }

    [Fact]
    public void Capitals_are_found_anywhere_in_a_long_passage_beside_chinese()
    {
        // Lowering works 16 bytes at a time: capitals before, across and after those blocks, among three-byte characters.
        const string Passages = "先在设置里找到账号与安全，然后点击注销账号。\n在「我」页面打开设置，再进入帐号与安全中心，最后选择ZHUXIAO或DeleteAccount按钮。";
        Assert.Equal(["ZHUXIAO", "DeleteAccount"],
            Build(Passages, "zhuxiao", "deleteaccount").Parts.Where(p => p.Match).Select(p => p.Text));
    }

    private static NameCatalog Catalog(params (string Slug, string[] Names)[] guides) =>
        new(1, [.. guides.Select((g, i) => (new NameCatalog.Entry(i + 1, g.Slug, g.Names[0], "social", "medium"), (IEnumerable<string>)g.Names))]);

    [Fact]
    public void A_short_word_is_corrected_within_one_edit_even_after_similar_names_were_looked_up_within_two()
    {
        var catalog = Catalog(("weibo", ["微博", "weibo"]), ("wechat", ["微信", "weixin"]));
        // "weibi" is one edit from weibo and two from weixin: similar names include both, nearest first.
        Assert.Equal(["weibo", "wechat"], catalog.Similar("weibi").Select(e => e.Slug));
        Assert.Equal("weibo", catalog.Correct("weibi"));
        // "weixn" is two edits from weibo and one from weixin; asked in either order, the answers stay the same.
        Assert.Equal("weixin", catalog.Correct("weixn"));
        Assert.Equal(["wechat", "weibo"], catalog.Similar("weixn").Select(e => e.Slug));
        Assert.Equal("weixin", catalog.Correct("weixn"));
        // Two edits from weibo (a swap and a letter): a word of five letters is not corrected, but weibo is offered.
        Assert.Equal(["weibo"], catalog.Similar("wiebx").Select(e => e.Slug));
        Assert.Null(catalog.Correct("wiebx"));
    }
}
