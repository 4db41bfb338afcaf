using System.Text.RegularExpressions;
using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>A reader's plan in real Chromium: picked, ticked, kept across pages and reloads, forgotten, never sent anywhere.</summary>
[Collection("site")]
public sealed partial class PlanTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [GeneratedRegex(@"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")]
    private static partial Regex Chinese();

    private string Url(string path) => new Uri(site.BaseAddress, path).ToString();

    /// <summary>A fresh browser profile that records every request it makes and every script error, and accepts confirmations.</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<IRequest> Requests, List<string> Errors)> OpenAsync()
    {
        var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var requests = new List<IRequest>();
        var errors = new List<string>();
        page.Request += (_, r) => requests.Add(r);
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.Dialog += async (_, d) => await d.AcceptAsync();
        return (context, page, requests, errors);
    }

    private static Task<string[]> ShownGuidesAsync(IPage page) =>
        page.Locator("[data-plan-guide]:visible").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.planGuide)");

    private static async Task<string[]> ShownNumbersAsync(IPage page) =>
        [.. await page.Locator("[data-plan-guide]:visible [data-plan-number]").AllTextContentsAsync()];

    private static Task<int> StoredKeysAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter(k => k.startsWith('accountexit.')).length");

    [Fact]
    public async Task Pick_platforms_tick_on_a_guide_see_the_ticks_in_the_plan_after_reload_then_forget_everything()
    {
        var (context, page, requests, errors) = await OpenAsync();
        await using var _ = context;

        await page.GotoAsync(Url("/plan"));
        Assert.False(await page.Locator("[data-plan-nojs]").IsVisibleAsync());
        Assert.True(await page.Locator("[data-plan-empty]").IsVisibleAsync());
        Assert.Empty(await ShownGuidesAsync(page));

        foreach (var slug in new[] { "wechat", "alipay", "taobao" })
        {
            await page.Locator($"[data-plan-pick][value={slug}]").CheckAsync();
        }
        // One ordered, numbered plan: Taobao before Alipay (with the reason, marked as our advice), WeChat opening with its logins elsewhere.
        Assert.Equal(["taobao", "alipay", "wechat"], await ShownGuidesAsync(page));
        Assert.Equal(["1", "2", "3"], await ShownNumbersAsync(page));
        var before = page.Locator("[data-plan-guide=taobao] .plan-note-before[data-plan-needs=alipay]");
        Assert.True(await before.IsVisibleAsync());
        Assert.Contains("本站建议，未经来源证实", await before.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-plan-guide=alipay] .plan-note-after").IsVisibleAsync());
        Assert.Contains("芝麻信用", await page.Locator("[data-plan-guide=alipay] .plan-note-covers").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("授权登录", await page.Locator("[data-plan-guide=wechat] .plan-item").First.InnerTextAsync(), StringComparison.Ordinal);

        // On a guide page: "add to my plan", and a tick box on each precondition and step.
        await page.GotoAsync(Url("/guides/jd"));
        var add = page.Locator("[data-plan-add]");
        Assert.Equal("加入我的计划", (await add.InnerTextAsync()).Trim());
        await add.ClickAsync();
        Assert.Equal("true", await add.GetAttributeAsync("aria-pressed"));
        await page.GotoAsync(Url("/guides/wechat"));
        var ticks = page.Locator("input[data-plan-tick]");
        var wechatList = AccountExit.Web.Pages.Plan.Checklist.For(AccountExit.Web.Content.ContentSet.Load(Repo.Content).Guides
            .Single(g => g.FrontMatter.Slug == "wechat").FrontMatter);
        var items = wechatList.All.ToList();
        Assert.Equal(items.Count, await ticks.CountAsync()); // the first tasks, the preconditions, the entry paths
        await page.Locator("aside.plan-box input[data-plan-tick]").First.CheckAsync();
        await page.Locator("section[aria-labelledby=preconditions] input[data-plan-tick]").Nth(1).CheckAsync();

        await page.GotoAsync(Url("/plan"));
        await page.ReloadAsync();
        var shown = await ShownGuidesAsync(page);
        Assert.Equal(["alipay", "jd", "taobao", "wechat"], shown.Order(StringComparer.Ordinal));
        Assert.True(Array.IndexOf(shown, "taobao") < Array.IndexOf(shown, "alipay"));
        var wechatTicks = page.Locator("[data-plan-guide=wechat] input[data-plan-tick]");
        var ticked = await wechatTicks.EvaluateAllAsync<bool[]>("els => els.map(e => e.checked)");
        var secondPrecondition = wechatList.First.Count + 1;
        Assert.Equal(items.Select((_, i) => i == 0 || i == secondPrecondition).ToArray(), ticked);
        Assert.Contains("已勾选 2 /", await page.Locator("[data-plan-summary]").InnerTextAsync(), StringComparison.Ordinal);
        // Ticking in the plan is seen on the guide page too: the same storage keys.
        await page.Locator("[data-plan-guide=wechat] input[data-plan-tick]").Last.CheckAsync();
        await page.GotoAsync(Url("/guides/wechat"));
        Assert.True(await page.Locator(".entry-path input[data-plan-tick]").IsCheckedAsync());

        await page.GotoAsync(Url("/plan"));
        Assert.True(await StoredKeysAsync(page) > 0);
        await page.Locator("[data-plan-forget]").ClickAsync();
        Assert.Equal(0, await StoredKeysAsync(page));
        Assert.Empty(await ShownGuidesAsync(page));
        Assert.Equal(0, await page.Locator("input[data-plan-tick]:checked, input[data-plan-pick]:checked").CountAsync());
        await page.ReloadAsync();
        Assert.Empty(await ShownGuidesAsync(page));
        await page.GotoAsync(Url("/guides/wechat"));
        Assert.Equal(0, await page.Locator("input[data-plan-tick]:checked").CountAsync());
        Assert.Equal("false", await page.Locator("[data-plan-add]").GetAttributeAsync("aria-pressed"));

        // Nothing the reader picked or ticked ever left the browser: only page loads and the site's own assets, all plain GETs.
        Assert.NotEmpty(requests);
        Assert.All(requests, r =>
        {
            var url = new Uri(r.Url);
            Assert.Equal("GET", r.Method);
            Assert.Null(r.PostData);
            Assert.Equal(site.BaseAddress.Authority, url.Authority);
            Assert.Equal("", url.Query);
            Assert.Matches("^/(plan|guides/(jd|wechat)|css/.+|js/.+|favicon.+)$", url.AbsolutePath);
            Assert.False(r.Headers.ContainsKey("cookie"), "the site sets no cookie for the plan");
        });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Keyboard_alone_picks_ticks_prints_and_forgets()
    {
        var (context, page, _, errors) = await OpenAsync();
        await using var __ = context;
        await page.AddInitScriptAsync("window.print = () => { window.printed = (window.printed || 0) + 1; };");
        await page.GotoAsync(Url("/plan"));

        async Task TabToAsync(string selector)
        {
            for (var i = 0; i < 80; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                if (await page.EvaluateAsync<bool>("s => document.activeElement && document.activeElement.matches(s)", selector))
                {
                    return;
                }
            }
            Assert.Fail($"Tab never reached {selector}");
        }

        await TabToAsync("[data-plan-pick][value=qq]");
        await page.Keyboard.PressAsync("Space");
        Assert.Equal(["qq"], await ShownGuidesAsync(page));
        await TabToAsync("[data-plan-print]");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed"));
        await TabToAsync("[data-plan-guide=qq] input[data-plan-tick]");
        await page.Keyboard.PressAsync("Space");
        Assert.Equal(1, await page.Locator("input[data-plan-tick]:checked").CountAsync());
        Assert.Contains("已勾选 1 /", await page.Locator("[data-plan-summary]").InnerTextAsync(), StringComparison.Ordinal);

        // Back up to the forget button (Shift+Tab), and press it.
        for (var i = 0; i < 80 && !await page.EvaluateAsync<bool>("() => document.activeElement.matches('[data-plan-forget]')"); i++)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
        }
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(0, await StoredKeysAsync(page));
        Assert.Empty(await ShownGuidesAsync(page));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Printed_the_plan_leaves_out_the_controls_and_keeps_the_checklist()
    {
        var (context, page, _, _) = await OpenAsync();
        await using var __ = context;
        await page.GotoAsync(Url("/plan"));
        await page.Locator("[data-plan-pick][value=alipay]").CheckAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("[data-plan-tools]").IsVisibleAsync());
        Assert.False(await page.Locator(".site-header nav").IsVisibleAsync());
        Assert.True(await page.Locator("[data-plan-guide=alipay] .plan-item").First.IsVisibleAsync());
        Assert.Equal(["alipay"], await ShownGuidesAsync(page));
        // Alipay still says to do Taobao first, in case the reader has a Taobao account too.
        Assert.True(await page.Locator("[data-plan-guide=alipay] .plan-note-after").IsVisibleAsync());
    }

    [Fact]
    public async Task In_english_the_scripted_plan_speaks_english()
    {
        var (context, page, _, errors) = await OpenAsync();
        await using var __ = context;
        await page.GotoAsync(Url("/en/guides/netease"));
        var add = page.Locator("[data-plan-add]");
        Assert.Equal("Add to my plan", (await add.InnerTextAsync()).Trim());
        await add.ClickAsync();
        Assert.Equal("In my plan: remove", (await add.InnerTextAsync()).Trim());

        await page.GotoAsync(Url("/en/plan"));
        Assert.Equal(["netease"], await ShownGuidesAsync(page));
        await page.Locator("[data-plan-guide=netease] input[data-plan-tick]").First.CheckAsync();
        var summary = await page.Locator("[data-plan-summary]").InnerTextAsync();
        Assert.Contains("1 platform in your plan; 1 of", summary, StringComparison.Ordinal);
        // The controls' own words (the platforms' Chinese names beside them are marked lang="zh-Hans").
        Assert.DoesNotMatch(Chinese(), string.Join(" ", await page.Locator("[data-plan-tools] legend, [data-plan-tools] button").AllInnerTextsAsync()));
        Assert.DoesNotMatch(Chinese(), await page.Locator("[data-plan-guide=netease] input[data-plan-tick]").First.GetAttributeAsync("aria-label") ?? "");
        Assert.Empty(errors);
    }
}
