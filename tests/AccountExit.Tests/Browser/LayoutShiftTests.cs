using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>
/// Cumulative layout shift under 0.1 (Core Web Vitals' "good") on the pages whose scripts change their layout, on a
/// phone and a desktop, in both languages: the server renders what the scripts will show.
/// </summary>
[Collection("site")]
public sealed class LayoutShiftTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    /// <summary>Every layout shift since navigation (buffered), as the Layout Instability API reports them.</summary>
    private const string Shift = """
        () => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) {
                    if (!entry.hadRecentInput) total += entry.value;
                }
            }).observe({ type: "layout-shift", buffered: true });
            setTimeout(() => resolve(total), 500);
        })
        """;

    [Theory]
    [InlineData("/plan", null)]
    [InlineData("/en/plan", null)]
    [InlineData("/plan", """["alipay","wechat"]""")]
    [InlineData("/en/plan", """["alipay","wechat"]""")]
    [InlineData("/guides/alipay/letter", null)]
    [InlineData("/en/guides/alipay/letter", null)]
    public async Task The_layout_does_not_shift_after_load(string path, string? picked)
    {
        var problems = new List<string>();
        foreach (var (width, height, mobile) in new[] { (390, 844, true), (1280, 800, false) })
        {
            await using var context = await _chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, IsMobile = mobile });
            if (picked is not null)
            {
                // Before any of the page's scripts: a returning reader's plan.
                await context.AddInitScriptAsync($"localStorage.setItem('accountexit.plan.picked', '{picked}')");
            }
            // A slow network, as Lighthouse's mobile run has: the page is painted before its deferred scripts arrive.
            await context.RouteAsync("**/js/**", async route =>
            {
                await Task.Delay(600);
                await route.ContinueAsync();
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(site.BaseAddress, path).ToString(), new() { WaitUntil = WaitUntilState.Load });
            var shift = await page.EvaluateAsync<double>(Shift);
            if (shift >= 0.1)
            {
                problems.Add($"{path} at {width}px{(picked is null ? "" : " with a plan")}: cumulative layout shift {shift:0.000}");
            }
            if (picked is not null)
            {
                Assert.Equal(2, await page.Locator("[data-plan-guide]:visible").CountAsync());
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
