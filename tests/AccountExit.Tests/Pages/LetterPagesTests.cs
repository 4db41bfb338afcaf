using System.Net;
using System.Text.RegularExpressions;
using AccountExit.Tests.Infrastructure;
using AccountExit.Tests.Languages;
using AccountExit.Web.Content;
using AngleSharp.Dom;

namespace AccountExit.Tests.Pages;

/// <summary>
/// The request letter of every guide, as served. Expected citations are built from the legal content files
/// (content/legal/*.md) and from what shared/legal/REFERENCE.md says each provision supports, never from the page.
/// </summary>
[Collection("site")]
public sealed class LetterPagesTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    private static readonly ContentSet Content = ContentSet.Load(Repo.Content);

    private static GuideFrontMatter GuideOf(string slug) => Content.Guides.Single(g => g.FrontMatter.Slug == slug).FrontMatter;

    private static ContentFile<LegalFrontMatter> Law(string id) => Content.Legal.Single(l => l.FrontMatter.Id == id);

    private static readonly string[] ReasonSpecific = ["pipl-15", "pipl-47", "csl-45"];

    private static readonly string[] Reasons = ["cancel", "no-longer-needed", "service-stopped", "withdrawn-consent", "unlawful"];

    /// <summary>Cited by every letter: NDSR Art. 23 (cancellation and deletion requests), Art. 24 (delete after cancellation), PIPL Art. 50 (refusal).</summary>
    private static readonly (string Id, string PinpointZh, string PinpointEn)[] EveryLetter = [("ndsr-23", "", ""), ("ndsr-24", "", ""), ("pipl-50", "", "")];

    /// <summary>What each reason adds, per REFERENCE.md: the PIPL Art. 47(1) item it is; consent also Art. 15(1); breach also the CSL deletion article.</summary>
    private static readonly Dictionary<string, (string Id, string PinpointZh, string PinpointEn)[]> ByReason = new()
    {
        ["cancel"] = [],
        ["no-longer-needed"] = [("pipl-47", "第一款第（一）项", ", paragraph 1, item (1)")],
        ["service-stopped"] = [("pipl-47", "第一款第（二）项", ", paragraph 1, item (2)")],
        ["withdrawn-consent"] = [("pipl-15", "第一款", ", paragraph 1"), ("pipl-47", "第一款第（三）项", ", paragraph 1, item (3)")],
        ["unlawful"] = [("pipl-47", "第一款第（四）项", ", paragraph 1, item (4)"), ("csl-45", "", "")],
    };

    /// <summary>The item of PIPL Art. 47(1) each reason is, and words that item's text must contain for the reason to be that item.</summary>
    private static readonly Dictionary<string, (string Marker, string Words)> Pipl47Item = new()
    {
        ["no-longer-needed"] = ("（一）", "处理目的已实现"),
        ["service-stopped"] = ("（二）", "停止提供产品或者服务"),
        ["withdrawn-consent"] = ("（三）", "撤回同意"),
        ["unlawful"] = ("（四）", "违反法律、行政法规或者违反约定"),
    };

    /// <summary>How a provision is cited: 《law》article+pinpoint, and a renumbered article with its amendment year and old number.</summary>
    private static string CitationZh(string id, string pinpoint)
    {
        var l = Law(id).FrontMatter;
        return $"《{l.Law}》{l.Article}{pinpoint}" + (l.FormerArticle is null ? "" : $"（{l.Amended![..4]}年修正，原{l.FormerArticle}）");
    }

    private static string CitationEn(string id, string pinpoint)
    {
        var l = Law(id).FrontMatter;
        return $"{l.ArticleEn}{pinpoint} of the {l.LawEn}";
    }

    /// <summary>The text of an item of a provision, from its content file: "（三）个人撤回同意；" → "个人撤回同意".</summary>
    private static string ItemText(string id, string marker)
    {
        var line = Law(id).Body.Split('\n').Select(l => l.TrimStart('>', ' ').Trim()).Single(l => l.StartsWith(marker, StringComparison.Ordinal));
        return line[marker.Length..].TrimEnd('；', '。');
    }

    /// <summary>What a reader sees of one language's letter: the paragraphs not hidden.</summary>
    private static string Visible(IDocument page, string sheet) =>
        string.Join("\n", page.QuerySelectorAll($"#{sheet} > :not([hidden])").Select(e => e.TextContent.Trim()));

    public static TheoryData<string, string> GuidesAndReasons()
    {
        var data = new TheoryData<string, string>();
        foreach (var slug in Repo.GuideSlugs)
        {
            foreach (var reason in Reasons)
            {
                data.Add(slug, reason);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GuidesAndReasons))]
    public async Task Every_letter_names_the_platform_and_cites_the_articles_its_reason_rests_on(string slug, string reason)
    {
        var (response, page) = await _client.GetPageAsync($"/guides/{slug}/letter?reason={reason}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var guide = GuideOf(slug);
        var zh = Visible(page, "letter-zh");
        var en = Visible(page, "letter-en");

        Assert.Contains($"“{guide.Name}”", zh, StringComparison.Ordinal);
        Assert.StartsWith($"注销账号及删除个人信息申请\n{guide.Company}（", zh, StringComparison.Ordinal);
        Assert.Contains(guide.NameEn, en, StringComparison.Ordinal);
        Assert.Contains($"To {guide.CompanyEn ?? guide.Company}, operator of {guide.NameEn}:", en, StringComparison.Ordinal);

        var cited = EveryLetter.Concat(ByReason[reason]).ToList();
        foreach (var (id, pinpointZh, pinpointEn) in cited)
        {
            Assert.Contains("根据" + CitationZh(id, pinpointZh) + "，", zh, StringComparison.Ordinal);
            Assert.Contains("Under " + CitationEn(id, pinpointEn), en, StringComparison.Ordinal);
        }
        // Nothing else is cited: the paragraphs that cite, and the list of provisions under the letter, name exactly these.
        var ids = cited.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ids, page.QuerySelectorAll("#letter-zh > [data-cites]:not([hidden])").Select(p => p.GetAttribute("data-cites")!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(ids.Select(id => "/legal#" + id), page.QuerySelectorAll(".letter-cited > ul:not(.letter-rules) li:not([hidden]) a").Select(a => a.GetAttribute("href")!).Order(StringComparer.Ordinal));
        foreach (var other in ReasonSpecific.Except(ids))
        {
            Assert.DoesNotContain($"《{Law(other).FrontMatter.Law}》{Law(other).FrontMatter.Article}", zh, StringComparison.Ordinal);
        }

        if (Pipl47Item.TryGetValue(reason, out var item))
        {
            // The circumstance is the one in the law's own text for that item.
            var circumstance = ItemText("pipl-47", item.Marker);
            Assert.Contains(item.Words, circumstance, StringComparison.Ordinal);
            Assert.Contains($"“{circumstance}”", zh, StringComparison.Ordinal);
        }

        // Blanks the reader fills: the identifier and name in both languages, the date left blank, details only for a breach.
        foreach (var blank in new[] { "［账号标识］", "［姓名］", "［日期］" })
        {
            Assert.Contains(blank, zh, StringComparison.Ordinal);
        }
        foreach (var blank in new[] { "[account identifier]", "[name]", "[date]" })
        {
            Assert.Contains(blank, en, StringComparison.Ordinal);
        }
        Assert.Equal(reason == "unlawful", zh.Contains("［具体情况］", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_letter_names_the_platforms_own_rule_and_links_it_to_the_guides_source_list()
    {
        var guide = GuideOf("iqiyi");
        var rule = guide.Sources.Single(s => s.Id == "iqiyi-cancel-agreement");
        foreach (var (prefix, marker) in new[] { ("", "公布了自己的账号注销规则"), ("/en", "published your own rules for cancelling") })
        {
            var (_, page) = await _client.GetPageAsync($"{prefix}/guides/iqiyi/letter");
            Assert.Contains(marker, Visible(page, prefix == "" ? "letter-zh" : "letter-en"), StringComparison.Ordinal);
            Assert.Contains(rule.Title, Visible(page, prefix == "" ? "letter-zh" : "letter-en"), StringComparison.Ordinal);
            var link = Assert.Single(page.QuerySelectorAll(".letter-rules a"));
            Assert.Equal($"{prefix}/guides/iqiyi#src-{rule.Id}", link.GetAttribute("href"));
            var (_, guidePage) = await _client.GetPageAsync($"{prefix}/guides/iqiyi");
            Assert.NotNull(guidePage.GetElementById($"src-{rule.Id}"));
        }
        var (_, wechat) = await _client.GetPageAsync("/guides/wechat/letter");
        Assert.Empty(wechat.QuerySelectorAll(".letter-rules"));
    }

    [Fact]
    public async Task The_cybersecurity_law_is_cited_as_the_legal_reference_says_by_its_new_number_with_the_old_one()
    {
        var (_, page) = await _client.GetPageAsync("/guides/weibo/letter?reason=unlawful");
        var zh = Visible(page, "letter-zh");
        Assert.Contains("《中华人民共和国网络安全法》第四十五条（2025年修正，原第四十三条）", zh, StringComparison.Ordinal);
        Assert.Contains("Article 45 of the Cybersecurity Law of the People's Republic of China (as amended in 2025; formerly Article 43)",
            Visible(page, "letter-en"), StringComparison.Ordinal);
        // The old number never stands alone.
        Assert.Equal(Regex.Count(zh, "第四十三条"), Regex.Count(zh, "原第四十三条"));
    }

    [Fact]
    public async Task Without_javascript_the_page_is_a_letter_with_blanks_and_the_reasons_are_plain_links()
    {
        var (_, page) = await _client.GetPageAsync("/guides/jd/letter");
        // The fill-in tools need JavaScript: the stylesheet hides them where scripts do not run (js-only); the letter itself is all there.
        Assert.Contains("js-only", page.GetElementById("letter-tools")!.ClassList);
        Assert.Contains("［账号标识］", Visible(page, "letter-zh"), StringComparison.Ordinal);
        Assert.Contains("本人已决定不再使用该账号", Visible(page, "letter-zh"), StringComparison.Ordinal);
        var links = page.QuerySelectorAll("#letter-reasons a").ToList();
        Assert.Equal(Reasons.Select(r => "?reason=" + r), links.Select(a => a.GetAttribute("href")));
        Assert.Equal("?reason=cancel", Assert.Single(links, a => a.GetAttribute("aria-current") == "true").GetAttribute("href"));

        var (_, chosen) = await _client.GetPageAsync("/guides/jd/letter?reason=withdrawn-consent");
        Assert.Equal("?reason=withdrawn-consent", chosen.QuerySelector("#letter-reasons a[aria-current='true']")!.GetAttribute("href"));
        Assert.Contains("本人撤回此前", Visible(chosen, "letter-zh"), StringComparison.Ordinal);
        Assert.DoesNotContain("本人已决定不再使用该账号", Visible(chosen, "letter-zh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_typed_on_the_letter_page_can_be_submitted()
    {
        var (_, page) = await _client.GetPageAsync("/guides/taobao/letter");
        // No form, so Enter in a field sends nothing; and no field has a name a form could send it under.
        Assert.Empty(page.QuerySelectorAll("main form"));
        var fields = page.QuerySelectorAll("#letter-tools input, #letter-tools textarea, #letter-tools select").ToList();
        Assert.Equal(4, fields.Count);
        Assert.All(fields, f => Assert.False(f.HasAttribute("name")));
        Assert.All(fields, f => Assert.Null(f.Closest("form")));
    }

    [Theory]
    [InlineData("?reason=%3Cscript%3E")]
    [InlineData("?reason=")]
    [InlineData("?reason=cancel&reason=unlawful")]
    public async Task An_unknown_reason_gives_the_plain_cancellation_letter(string query)
    {
        var (response, page) = await _client.GetPageAsync("/guides/qq/letter" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("?reason=cancel", page.QuerySelector("#letter-reasons a[aria-current='true']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task An_unknown_guide_has_no_letter()
    {
        var (response, _) = await _client.GetPageAsync("/guides/no-such-platform/letter");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ReaderPagesTests.Guides), MemberType = typeof(ReaderPagesTests))]
    public async Task No_guide_records_a_request_address_so_no_letter_offers_email(string slug)
    {
        // None of the sources gives an address: none is invented.
        Assert.Null(GuideOf(slug).RequestEmail);
        var (_, page) = await _client.GetPageAsync($"/guides/{slug}/letter");
        Assert.Empty(page.QuerySelectorAll("a[href^='mailto:']"));
        Assert.Contains("没有记录接收申请的邮箱地址", page.QuerySelector(".letter-send")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReaderPagesTests.Guides), MemberType = typeof(ReaderPagesTests))]
    public async Task Every_guide_links_to_its_letter_and_to_the_complaint_routes(string slug)
    {
        var (_, zh) = await _client.GetPageAsync($"/guides/{slug}");
        Assert.NotNull(zh.QuerySelector($".request-links a[href='/guides/{slug}/letter']"));
        Assert.NotNull(zh.QuerySelector(".request-links a[href='/complaints']"));
        var (_, en) = await _client.GetPageAsync($"/en/guides/{slug}");
        Assert.NotNull(en.QuerySelector($".request-links a[href='/en/guides/{slug}/letter']"));
        Assert.NotNull(en.QuerySelector(".request-links a[href='/en/complaints']"));
        var (_, letter) = await _client.GetPageAsync($"/guides/{slug}/letter");
        Assert.NotNull(letter.QuerySelector(".letter-next a[href='/complaints']"));
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("unlawful")]
    public async Task The_english_letter_page_has_no_untranslated_interface_text(string reason)
    {
        var (_, page) = await _client.GetPageAsync($"/en/guides/wechat/letter?reason={reason}");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Empty(LanguageTests.ChineseOutsideChineseElements(page));
        Assert.StartsWith("Request letter: WeChat", page.Title, StringComparison.Ordinal);
        // The letter to send is still the Chinese one, with its English translation beside it.
        Assert.Contains("本人是贵方运营的“微信”的用户", Visible(page, "letter-zh"), StringComparison.Ordinal);
        Assert.Contains("I am a user of WeChat", Visible(page, "letter-en"), StringComparison.Ordinal);
        Assert.Contains("Article 50 of the Personal Information Protection Law", page.QuerySelector(".letter-cited")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letter_pages_are_cached_per_reason_and_revalidate_with_the_guide()
    {
        var first = await _client.GetAsync("/guides/baidu/letter?reason=unlawful");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("public", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var etag = first.Headers.ETag!;
        // It changes exactly when the guide (or the law texts it shows) does.
        Assert.Equal(etag, (await _client.GetAsync("/guides/baidu")).Headers.ETag);

        var again = await _client.GetAsync("/guides/baidu/letter?reason=unlawful");
        Assert.True(again.Headers.Age.HasValue, "a second request is a cache hit");
        var other = await _client.GetStringAsync("/guides/baidu/letter?reason=service-stopped");
        Assert.Contains("?reason=service-stopped\" aria-current=\"true\"", other, StringComparison.Ordinal);

        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/guides/baidu/letter?reason=unlawful");
        revalidation.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(revalidation)).StatusCode);
    }

    [Fact]
    public async Task Letter_and_complaint_pages_have_the_strict_csp_and_no_inline_script()
    {
        foreach (var url in new[] { "/guides/wechat/letter", "/complaints" })
        {
            var (response, page) = await _client.GetPageAsync(url);
            Assert.DoesNotContain("unsafe-inline", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.All(page.QuerySelectorAll("script"), s => Assert.StartsWith("/js/", s.GetAttribute("src"), StringComparison.Ordinal));
            Assert.Empty(page.QuerySelectorAll("style, [style]"));
            Assert.All(page.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        }
    }
}
