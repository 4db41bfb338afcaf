using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>Dark mode, keyboard use, print and the English interface, in real Chromium.</summary>
[Collection("site")]
public sealed class ComfortTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    private string Url(string path) => new Uri(site.BaseAddress, path).ToString();

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");

    [Fact]
    public async Task Dark_mode_follows_the_system()
    {
        await using var dark = await _chromium.Browser.NewContextAsync(new() { ColorScheme = ColorScheme.Dark });
        var page = await dark.NewPageAsync();
        await page.GotoAsync(Url("/guides/wechat"));
        Assert.Equal("rgb(21, 23, 26)", await BackgroundAsync(page));

        await using var light = await _chromium.Browser.NewContextAsync(new() { ColorScheme = ColorScheme.Light });
        var lightPage = await light.NewPageAsync();
        await lightPage.GotoAsync(Url("/guides/wechat"));
        Assert.Equal("rgb(251, 251, 249)", await BackgroundAsync(lightPage));
    }

    [Fact]
    public async Task The_theme_toggle_works_from_the_keyboard_and_is_remembered()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new() { ColorScheme = ColorScheme.Light, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/"));
        var toggle = page.Locator("[data-theme-toggle]");
        Assert.True(await toggle.IsVisibleAsync());
        Assert.Equal("自动", await toggle.InnerTextAsync());
        Assert.StartsWith("主题：自动，跟随系统", await toggle.GetAttributeAsync("aria-label"), StringComparison.Ordinal);

        // Reach it with Tab alone, then press Enter.
        for (var i = 0; i < 20 && !await toggle.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.True(await toggle.EvaluateAsync<bool>("b => b === document.activeElement"), "the theme toggle is not reachable with Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("dark", await page.EvaluateAsync<string?>("() => document.documentElement.dataset.theme"));
        Assert.Equal("rgb(21, 23, 26)", await BackgroundAsync(page));

        // Another page of the site remembers it before the first paint (no script in the page itself).
        await page.GotoAsync(Url("/en/legal"));
        Assert.Equal("rgb(21, 23, 26)", await BackgroundAsync(page));
        Assert.Equal("Dark", await page.Locator("[data-theme-toggle]").InnerTextAsync());

        await page.Locator("[data-theme-toggle]").ClickAsync();
        Assert.Equal("light", await page.EvaluateAsync<string?>("() => document.documentElement.dataset.theme"));
        await page.Locator("[data-theme-toggle]").ClickAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => document.documentElement.dataset.theme ?? null"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('accountexit.theme')"));
    }

    [Fact]
    public async Task Without_javascript_there_is_no_dead_theme_button()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/"));
        Assert.False(await page.Locator("[data-theme-toggle]").IsVisibleAsync());
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_and_leads_to_the_content()
    {
        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(Url("/en/guides/alipay"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_printed_guide_is_the_guide_without_navigation()
    {
        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(Url("/guides/jd"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".site-header nav").IsVisibleAsync());
        Assert.False(await page.Locator(".site-footer").IsVisibleAsync());
        Assert.True(await page.Locator("article.guide h1").IsVisibleAsync());
        Assert.Equal("rgb(255, 255, 255)", await BackgroundAsync(page));
    }

    [Fact]
    public async Task English_search_as_you_type_stays_in_english()
    {
        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(Url("/en"));
        await page.GetByLabel("Search platforms").FillAsync("wx");
        var suggestion = page.Locator("#live-results a[href='/en/guides/wechat']");
        await suggestion.WaitForAsync(new() { Timeout = 10_000 });
        Assert.StartsWith("WeChat", await suggestion.InnerTextAsync(), StringComparison.Ordinal);
        await suggestion.ClickAsync();
        await page.WaitForURLAsync("**/en/guides/wechat");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
    }
}
