using System.Text.RegularExpressions;
using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>Real Chromium (Debian's) against the real server.</summary>
[Collection("site")]
public sealed class FindAGuideTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task Home_then_type_wx_then_open_the_wechat_guide()
    {
        // A Chinese phone: without the locale Chromium asks for English and the home page sends it to /en.
        var page = await _chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(site.BaseAddress.ToString());
        await page.GetByLabel("搜索平台").FillAsync("wx");

        // Search as you type offers WeChat; following it opens the guide.
        var suggestion = page.Locator("#live-results a[href='/guides/wechat']");
        try
        {
            await suggestion.WaitForAsync(new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("No live suggestion. Console errors: " + string.Join(" | ", errors) + "\n" + await page.ContentAsync());
        }
        await suggestion.ClickAsync();

        await page.WaitForURLAsync("**/guides/wechat");
        Assert.Contains("微信", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_javascript_the_search_form_still_finds_wechat()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.BaseAddress.ToString());
        await page.GetByLabel("搜索平台").FillAsync("wx");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await page.WaitForURLAsync("**/search?q=wx");
        await page.Locator(".cards a[href='/guides/wechat']").ClickAsync();
        await page.WaitForURLAsync("**/guides/wechat");
        Assert.Contains("微信", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_a_question_offers_its_platform_first_with_the_matched_words_marked()
    {
        var page = await _chromium.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN" });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(site.BaseAddress.ToString());
        // Typed as a person does, key by key: every prefix of the question is searched on the way.
        await page.GetByLabel("搜索平台").PressSequentiallyAsync("支付宝余额不为0怎么注销", new() { Delay = 40 });

        var first = page.Locator("#live-results li a").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("href", "/guides/alipay", new() { Timeout = 10_000 });
        // The list is redrawn for each prefix on the way ("支付宝余" marks only "余"); the whole question marks "余额".
        var balance = page.Locator("#live-results a[href='/guides/alipay'] mark", new() { HasTextRegex = new Regex("^余额$") });
        await Assertions.Expect(balance.First).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // A platform without a guide: said plainly, with a way to ask for one.
        await page.GetByLabel("搜索平台").FillAsync("知乎怎么注销");
        await Assertions.Expect(page.Locator("#live-results")).ToContainTextAsync("还没有知乎的指南", new() { Timeout = 10_000 });
        Assert.Equal(1, await page.Locator("#live-results a[href^='/search/request?platform=']").CountAsync());
        Assert.Empty(errors);
    }
}
