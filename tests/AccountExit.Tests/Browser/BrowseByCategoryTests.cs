using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>The home page on a small phone with JavaScript off, in real Chromium.</summary>
[Collection("site")]
public sealed class BrowseByCategoryTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    private async Task<IPage> PhoneWithoutJavaScriptAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.BaseAddress, path).ToString());
        return page;
    }

    private Task<IBrowserContext> NewPhoneAsync(string locale) => _chromium.Browser.NewContextAsync(new()
    {
        JavaScriptEnabled = false,
        ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        Locale = locale,
    });

    [Theory]
    [InlineData("/", "zh-CN")]
    [InlineData("/en", "en-US")]
    public async Task At_360_pixels_the_home_page_has_no_horizontal_scroll_and_one_summary_line_per_card(string path, string locale)
    {
        await using var context = await NewPhoneAsync(locale);
        var page = await PhoneWithoutJavaScriptAsync(context, path);

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scrollWidth, viewport) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= viewport, $"the page is {scrollWidth} px wide in a {viewport} px viewport");

        var cards = page.Locator(".category .card");
        Assert.True(await cards.CountAsync() >= 32);
        // Every summary is one line high, and no card sticks out of the page.
        // Height in font sizes: one line is about 1.5, two lines 3.
        var heights = await page.EvaluateAsync<double[]>(
            "() => [...document.querySelectorAll('.category .card .summary')].map(p => p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).fontSize))");
        Assert.All(heights, h => Assert.True(h is > 0.8 and < 2.2, $"a summary is {h:0.0} font sizes high, not one line"));
        var rightEdges = await page.EvaluateAsync<double[]>(
            "() => [...document.querySelectorAll('.card, .category-index a')].map(e => e.getBoundingClientRect().right)");
        Assert.All(rightEdges, r => Assert.True(r <= viewport, $"an element ends at {r} px, past the {viewport} px viewport"));
    }

    [Theory]
    [InlineData("/", "zh-CN", "电信运营商")]
    [InlineData("/en", "en-US", "Telecom")]
    public async Task The_jump_index_takes_a_phone_reader_to_the_category_without_javascript(string path, string locale, string category)
    {
        await using var context = await NewPhoneAsync(locale);
        var page = await PhoneWithoutJavaScriptAsync(context, path);
        var heading = page.Locator("#category-telecom");
        Assert.False(await InViewportAsync(heading), "the last category should start below the first screen");

        await page.Locator(".category-index").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + category + @" \d+$") }).ClickAsync();

        Assert.EndsWith("#category-telecom", page.Url, StringComparison.Ordinal);
        Assert.True(await InViewportAsync(heading), "the category heading is not on screen after following its link");
        Assert.StartsWith(category, await heading.InnerTextAsync(), StringComparison.Ordinal);
        // The first card under it is a telecom guide, also on screen.
        var firstCard = page.Locator("section.category:has(#category-telecom) .card").First;
        Assert.Contains("/guides/china-", await firstCard.Locator(".card-title").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
    }

    private static Task<bool> InViewportAsync(ILocator element) => element.EvaluateAsync<bool>(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }");
}
