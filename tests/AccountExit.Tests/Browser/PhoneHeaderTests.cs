using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>The header on phones from 320 to 414 px, in both languages: whole items wrap, no word breaks, nothing scrolls sideways.</summary>
[Collection("site")]
public sealed class PhoneHeaderTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    public sealed class Box
    {
        public string Text { get; set; } = "";
        public double Height { get; set; }
        public double LineHeight { get; set; }
    }

    [Theory]
    [InlineData("/", 320)]
    [InlineData("/", 360)]
    [InlineData("/", 390)]
    [InlineData("/", 414)]
    [InlineData("/en", 320)]
    [InlineData("/en", 360)]
    [InlineData("/en", 390)]
    [InlineData("/en", 414)]
    public async Task The_header_fits_a_phone_without_breaking_a_word(string path, int width)
    {
        await using var context = await _chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 800 }, IsMobile = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.BaseAddress, path).ToString());
        Assert.True(await page.Locator("[data-theme-toggle]").IsVisibleAsync());

        // Each item's text box against its own line height: two lines would be about twice as tall.
        var items = await page.EvaluateAsync<Box[]>("""
            () => [...document.querySelectorAll('.site-header nav > *')].filter(e => e.offsetParent !== null).map(e => {
                const range = document.createRange();
                range.selectNodeContents(e);
                const style = getComputedStyle(e);
                const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
                return { text: e.textContent.trim(), height: range.getBoundingClientRect().height, lineHeight: line };
            })
            """);
        Assert.True(items.Length >= 6, $"{path} at {width}px: {items.Length} header items");
        Assert.All(items, i => Assert.True(i.Height < i.LineHeight * 1.5, $"{path} at {width}px: '{i.Text}' is {i.Height}px tall for a {i.LineHeight}px line"));

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{path} at {width}px scrolls {overflow}px sideways");
    }
}
