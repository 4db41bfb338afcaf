using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using AccountExit.Web.Letters;

namespace AccountExit.Tests.Letters;

/// <summary>The letter composed on its own, from the repository's content files.</summary>
public sealed class RequestLetterTests
{
    private static readonly ContentSet Content = ContentSet.Load(Repo.Content);

    private static GuideFrontMatter Guide(string slug) => Content.Guides.Single(g => g.FrontMatter.Slug == slug).FrontMatter;

    private static Dictionary<string, QuotedProvision> Provisions(params string[] without) => Content.Legal
        .Where(l => RequestLetter.ProvisionIds.Contains(l.FrontMatter.Id) && !without.Contains(l.FrontMatter.Id))
        .ToDictionary(l => l.FrontMatter.Id, l => new QuotedProvision(l.FrontMatter, l.Body), StringComparer.Ordinal);

    private static string Text(RequestLetter letter, string reason) => letter.PlainText(LetterReason.Find(reason), english: false);

    [Fact]
    public void A_provision_that_is_not_published_is_left_out_not_cited_from_memory()
    {
        var letter = RequestLetter.Compose(Guide("alipay"), Provisions(without: "csl-45"));
        var text = Text(letter, "unlawful");
        Assert.DoesNotContain("网络安全法", text, StringComparison.Ordinal);
        Assert.Contains("第四十七条第一款第（四）项", text, StringComparison.Ordinal);
        Assert.DoesNotContain(letter.Citations, c => c.Meta.Id == "csl-45");
    }

    [Fact]
    public void A_changed_article_number_in_the_law_text_changes_every_letter()
    {
        var provisions = Provisions();
        var csl = provisions["csl-45"].Meta;
        var renumbered = new QuotedProvision(new LegalFrontMatter
        {
            Id = csl.Id, Law = csl.Law, LawEn = csl.LawEn, Article = "第四十六条", ArticleEn = "Article 46",
            FormerArticle = "第四十五条", Amended = "2030-01-01", GlossEn = csl.GlossEn, Order = csl.Order,
        }, provisions["csl-45"].BodyMarkdown);
        provisions["csl-45"] = renumbered;
        var letter = RequestLetter.Compose(Guide("jd"), provisions);
        Assert.Contains("《中华人民共和国网络安全法》第四十六条（2030年修正，原第四十五条）", Text(letter, "unlawful"), StringComparison.Ordinal);
        Assert.Contains("Article 46 of the Cybersecurity Law of the People's Republic of China (as amended in 2030; formerly Article 45)",
            letter.PlainText(LetterReason.Find("unlawful"), english: true), StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_text_of_a_letter_is_its_chosen_reason_with_blanks_and_nothing_of_the_others()
    {
        var text = Text(RequestLetter.Compose(Guide("netease"), Provisions()), "service-stopped");
        Assert.StartsWith("注销账号及删除个人信息申请\n\n网易（“网易”运营方）：\n\n", text, StringComparison.Ordinal);
        Assert.Contains("贵方已停止提供", text, StringComparison.Ordinal);
        Assert.DoesNotContain("撤回", text, StringComparison.Ordinal);
        Assert.EndsWith("申请人：［姓名］\n日期：［日期］\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_letter_cites_the_platforms_own_published_rule_when_an_official_source_records_it()
    {
        var guide = Guide("iqiyi");
        var letter = RequestLetter.Compose(guide, Provisions());
        var rule = Assert.Single(letter.Rules);
        Assert.Equal("official", rule.Kind);
        // Every reason's letter names it, in both languages, with its publisher; the title stays as published.
        foreach (var reason in LetterReason.All)
        {
            Assert.Contains($"《{rule.Title}》（{rule.Publisher}，日期不详）", letter.PlainText(reason, english: false), StringComparison.Ordinal);
            Assert.Contains($"“{rule.Title}” ({rule.Publisher}, date unknown)", letter.PlainText(reason, english: true), StringComparison.Ordinal);
        }
        Assert.Equal("《淘宝网账号回收规则变更公示通知》（淘宝网，2015-04-17）", RequestLetter.RuleZh(Assert.Single(RequestLetter.Compose(Guide("taobao"), Provisions()).Rules)));
    }

    [Fact]
    public void A_letter_cites_no_platform_rule_when_no_official_source_backs_a_cancellation_claim()
    {
        foreach (var slug in new[] { "wechat", "douban" })
        {
            Assert.DoesNotContain(Guide(slug).Sources, s => s.Kind == "official");
            var letter = RequestLetter.Compose(Guide(slug), Provisions());
            Assert.Empty(letter.Rules);
            Assert.DoesNotContain("公布了自己的账号注销规则", Text(letter, "cancel"), StringComparison.Ordinal);
        }
        // Ctrip's one official source (a finance app's privacy policy) backs only a related-platform note: not a cancellation rule.
        Assert.Contains(Guide("ctrip").Sources, s => s.Kind == "official");
        Assert.Empty(RequestLetter.Compose(Guide("ctrip"), Provisions()).Rules);
    }
}
