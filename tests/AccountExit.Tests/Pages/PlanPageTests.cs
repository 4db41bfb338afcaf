using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Pages;

/// <summary>/plan as the server renders it: the whole plan without JavaScript, in both languages, and the guide page's plan box.</summary>
[Collection("site")]
public sealed partial class PlanPageTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    [GeneratedRegex(@"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")]
    private static partial Regex Chinese();

    [Fact]
    public async Task Without_javascript_the_plan_shows_every_platform_in_order_with_its_checklist()
    {
        var (response, page) = await _client.GetPageAsync("/plan");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var order = page.QuerySelectorAll("[data-plan-guide]").Select(s => s.GetAttribute("data-plan-guide")).ToList();
        Assert.Equal(Repo.GuideSlugs.Order(StringComparer.Ordinal), order.Order(StringComparer.Ordinal));
        Assert.True(order.IndexOf("taobao") < order.IndexOf("alipay"));
        Assert.True(order.IndexOf("wechat") < order.IndexOf("china-mobile"));
        var numbers = page.QuerySelectorAll("[data-plan-number]").Select(n => int.Parse(n.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1, numbers[0]);
        Assert.Equal(numbers.Order(), numbers);

        var wechat = page.QuerySelector("[data-plan-guide=wechat]")!;
        var items = wechat.QuerySelectorAll("[data-plan-item]").Select(i => i.TextContent).ToList();
        Assert.Contains("授权登录", items[0], StringComparison.Ordinal);
        Assert.Contains("微信安全中心", items[^1], StringComparison.Ordinal);

        // Picking and ticking need JavaScript; the page says so. The controls are not hidden in the markup: the
        // stylesheet hides them only where scripts do not run, so they are laid out from the first paint (no shift).
        Assert.Contains("需要 JavaScript", page.QuerySelector("[data-plan-nojs]")!.TextContent, StringComparison.Ordinal);
        Assert.False(page.QuerySelector("[data-plan-tools]")!.HasAttribute("hidden"));
        Assert.Contains("/js/plan.", page.QuerySelector("script[src*='/js/plan.']")!.GetAttribute("src"), StringComparison.Ordinal);
    }

    /// <summary>The plan page's order as steps of slugs, as the server renders it for every reader.</summary>
    private async Task<List<List<string>>> StepsAsync()
    {
        var (_, page) = await _client.GetPageAsync("/plan");
        return [.. page.QuerySelectorAll("[data-plan-step]")
            .Select(step => step.QuerySelectorAll("[data-plan-guide]").Select(g => g.GetAttribute("data-plan-guide")!).ToList())];
    }

    /// <summary>A reader's plan: the page's order with the platforms they did not pick left out (plan.js hides the rest).</summary>
    private static List<string> Picked(List<List<string>> steps, params string[] picked) =>
        [.. steps.SelectMany(s => s).Where(picked.Contains)];

    [Fact]
    public async Task A_plan_with_new_platforms_follows_their_plan_links_even_through_a_platform_not_picked()
    {
        var steps = await StepsAsync();

        // WeChat Pay waits for Douyin and Bilibili (renewals paid through it); Bilibili is in WeChat Pay's step, so it
        // goes first inside the step; the phone number closes after WeChat, which is in that step too, though the
        // reader did not pick WeChat.
        Assert.Equal(["douyin", "bilibili", "wechat-pay", "china-mobile"], Picked(steps, "china-mobile", "wechat-pay", "bilibili", "douyin"));

        // WeChat itself: after WeChat Pay (closing WeChat Pay is one of WeChat's conditions), before every phone number.
        Assert.Equal(["kuaishou", "wechat-pay", "wechat", "china-telecom", "china-unicom"],
            Picked(steps, "china-unicom", "wechat", "china-telecom", "wechat-pay", "kuaishou"));

        // A platform "with" another is done in the same numbered step.
        var wechatStep = Assert.Single(steps, s => s.Contains("wechat-pay"));
        Assert.Contains("wechat", wechatStep);
        Assert.Contains("bilibili", wechatStep);
        Assert.Contains("baidu", Assert.Single(steps, s => s.Contains("baidu-netdisk")));
        Assert.Contains("alipay", Assert.Single(steps, s => s.Contains("eleme")));
        Assert.Contains("taobao", Assert.Single(steps, s => s.Contains("fliggy")));

        // Taobao's step (with Fliggy) before Alipay's (with Ele.me), both before the phone numbers.
        Assert.Equal(["fliggy", "taobao", "alipay", "eleme", "china-unicom"], Picked(steps, "eleme", "china-unicom", "alipay", "fliggy", "taobao"));
    }

    [Fact]
    public async Task Every_after_and_with_link_in_content_holds_in_the_plan()
    {
        var steps = await StepsAsync();
        var order = steps.SelectMany(s => s).ToList();
        var stepOf = steps.SelectMany((s, i) => s.Select(slug => (slug, i))).ToDictionary(x => x.slug, x => x.i);
        var broken = new List<string>();
        var links = 0;
        foreach (var guide in AccountExit.Web.Content.ContentSet.Load(Repo.Content).Guides.Select(g => g.FrontMatter))
        {
            foreach (var after in guide.Plan?.After ?? [])
            {
                links++;
                if (order.IndexOf(after.Slug) > order.IndexOf(guide.Slug))
                {
                    broken.Add($"{guide.Slug} should come after {after.Slug}");
                }
            }
            foreach (var with in guide.Plan?.With ?? [])
            {
                links++;
                if (stepOf[with.Slug] != stepOf[guide.Slug])
                {
                    broken.Add($"{guide.Slug} should be in the same step as {with.Slug}");
                }
            }
        }
        Assert.True(links >= 25, $"only {links} plan links in content");
        Assert.Empty(broken);
        // Steps are numbered one by one: a step of several guides shares its number.
        var (_, page) = await _client.GetPageAsync("/plan");
        var numbers = page.QuerySelectorAll("[data-plan-step]")
            .Select(s => s.QuerySelectorAll("[data-plan-number]").Select(n => n.TextContent).Distinct().Single()).ToList();
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), numbers);
    }

    [Fact]
    public async Task The_new_platforms_say_why_they_wait_and_that_the_order_is_our_advice()
    {
        var (_, page) = await _client.GetPageAsync("/plan");
        var wechatPay = page.QuerySelectorAll("[data-plan-guide=wechat-pay] .plan-note-after").Select(n => n.TextContent).ToList();
        Assert.Equal(3, wechatPay.Count);
        Assert.Contains(wechatPay, n => n.Contains("排在抖音之后", StringComparison.Ordinal) && n.Contains("本站建议，未经来源证实", StringComparison.Ordinal));
        var mobile = page.QuerySelector("[data-plan-guide=china-mobile] .plan-note-after")!.TextContent;
        Assert.DoesNotContain("本站建议", mobile, StringComparison.Ordinal);
        var wechat = page.QuerySelector("[data-plan-guide=wechat] .plan-note-after")!.TextContent;
        Assert.Contains("排在微信支付之后", wechat, StringComparison.Ordinal);
        Assert.DoesNotContain("本站建议", wechat, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-plan-guide=bilibili] .plan-note-with"));
    }

    [Fact]
    public async Task The_order_gives_its_reasons_and_marks_our_own_advice_as_unconfirmed()
    {
        var (_, page) = await _client.GetPageAsync("/plan");
        var alipay = page.QuerySelector("[data-plan-guide=alipay] .plan-note-after")!.TextContent;
        Assert.Contains("排在淘宝之后", alipay, StringComparison.Ordinal);
        Assert.Contains("本站建议，未经来源证实", alipay, StringComparison.Ordinal);


        var taobao = page.QuerySelector("[data-plan-guide=taobao] .plan-note-before[data-plan-needs=alipay]")!;
        Assert.Contains("排在支付宝之前", taobao.TextContent, StringComparison.Ordinal);
        Assert.Equal("alipay", taobao.GetAttribute("data-plan-needs"));

        var zhima = page.QuerySelector("[data-plan-guide=alipay] .plan-note-covers")!.TextContent;
        Assert.Contains("一并结束：芝麻信用", Regex.Replace(zhima, @"\s+", ""), StringComparison.Ordinal);
        Assert.Contains("资料较旧", zhima, StringComparison.Ordinal);
        Assert.Contains("网易旗下各产品", page.QuerySelector("[data-plan-guide=netease] .plan-note-covers")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_english_the_plan_has_no_chinese_interface_text()
    {
        var (response, page) = await _client.GetPageAsync("/en/plan");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        // Content that exists only in Chinese is marked lang="zh-Hans"; item texts are content (an English text may name a Chinese term).
        foreach (var content in page.QuerySelectorAll("[lang='zh-Hans'], .plan-text").ToList())
        {
            content.Remove();
        }
        Assert.Empty(Chinese().Matches(page.Body!.TextContent).Select(m => m.Value));
        Assert.Equal("My cancellation plan", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Before Alipay", page.QuerySelector("[data-plan-guide=taobao] .plan-note-before")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/en/guides/wechat", page.QuerySelector("#plan-wechat a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_guide_page_offers_its_checklist_with_the_same_ids_as_the_plan()
    {
        var (_, guide) = await _client.GetPageAsync("/guides/wechat");
        var box = guide.QuerySelector("aside.plan-box")!;
        using var data = JsonDocument.Parse(box.GetAttribute("data-plan-checklist")!);
        Assert.Equal("wechat", data.RootElement.GetProperty("slug").GetString());
        var ids = data.RootElement.GetProperty("items").EnumerateArray().Select(i => "wechat/" + i.GetProperty("id").GetString()).ToList();

        var (_, plan) = await _client.GetPageAsync("/plan");
        Assert.Equal(plan.QuerySelectorAll("[data-plan-guide=wechat] [data-plan-item]").Select(i => i.GetAttribute("data-plan-item")), ids);
        // Its "do first" item is shown in the box itself; the rest are the guide's own preconditions and entry paths.
        Assert.Equal(ids[0], box.QuerySelector("[data-plan-item]")!.GetAttribute("data-plan-item"));
        Assert.Equal("/plan", box.QuerySelector("a[href='/plan']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_guide_page_shows_its_place_in_a_plan_and_what_ends_with_it()
    {
        var (_, alipay) = await _client.GetPageAsync("/guides/alipay");
        var box = alipay.QuerySelector("aside.plan-box")!.TextContent;
        Assert.Contains("本站建议，未经来源证实", box, StringComparison.Ordinal);
        Assert.Contains("芝麻信用", box, StringComparison.Ordinal);
        Assert.NotNull(alipay.QuerySelector("aside.plan-box a[href='/guides/taobao']"));

        var (_, english) = await _client.GetPageAsync("/en/guides/alipay");
        var englishBox = english.QuerySelector("aside.plan-box")!;
        Assert.Contains("Our advice, not confirmed by a source", englishBox.TextContent, StringComparison.Ordinal);
        Assert.NotNull(englishBox.QuerySelector("a[href='/en/plan']"));
    }
}
