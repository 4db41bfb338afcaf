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
}
