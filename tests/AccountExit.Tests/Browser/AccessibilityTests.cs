using AccountExit.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>
/// axe-core in Chromium on every public page type, in both languages and both colour schemes: zero violations of
/// any impact (contrast included, so each scheme's colours are checked as rendered).
/// </summary>
[Collection("site")]
public sealed class AccessibilityTests(SiteFixture site) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    public static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    [Theory]
    [InlineData("/")]
    [InlineData("/guides/wechat")]
    [InlineData("/legal")]
    [InlineData("/search?q=%E5%BE%AE%E4%BF%A1")]
    [InlineData("/plan")]
    [InlineData("/guides/alipay/letter")]
    [InlineData("/complaints")]
    [InlineData("/about")]
    [InlineData("/guides/wechat/history")]
    [InlineData("/guides/wechat/report?kind=outdated")]
    [InlineData("/no-such-page")]
    public async Task A_public_page_has_no_axe_violation_in_either_language_or_colour_scheme(string path)
    {
        var problems = new List<string>();
        foreach (var url in new[] { path, path == "/" ? "/en" : "/en" + path })
        {
            foreach (var scheme in Schemes)
            {
                await using var context = await _chromium.Browser.NewContextAsync(new() { ColorScheme = scheme });
                var page = await context.NewPageAsync();
                await page.GotoAsync(new Uri(site.BaseAddress, url).ToString());
                problems.AddRange(await ViolationsAsync(page, $"{url} ({scheme})"));
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>axe's default rules and, as Lighthouse checks it, WCAG 2.2's target size (off in axe by default).</summary>
    private static readonly AxeRunOptions Options = new() { Rules = new Dictionary<string, RuleOptions> { ["target-size"] = new() { Enabled = true } } };

    /// <summary>Each violation as one line per element: the rule, its impact, what is wrong and where.</summary>
    public static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe(Options);
        return result.Violations.SelectMany(v => v.Nodes.Select(n =>
            $"{where}: {v.Id} ({v.Impact}) {v.Help}: {n.Target} {Checks(n)} {Short(n.Html)}"));
    }

    private static string Checks(AxeResultNode node) =>
        string.Join("; ", new[] { node.Any, node.All, node.None }.Where(c => c is not null).SelectMany(c => c).Select(c => c.Message));

    private static string Short(string html) => html.Length > 160 ? html[..160] + "…" : html;
}

/// <summary>
/// axe-core on the editor's pages, signed in as an admin, in both colour schemes. The editor is HTTPS-only with
/// <c>__Host-</c> cookies, so the browser's requests to https://localhost are answered by a signed-in client of the
/// in-memory site (the browser only renders; the session lives in that client's cookie jar).
/// </summary>
public sealed class EditorAccessibilityTests : IClassFixture<EditorAccessibilityTests.Site>, IAsyncLifetime
{
    public sealed class Site : IDisposable
    {
        public EditorSite Editors { get; } = new();

        public void Dispose() => Editors.Dispose();
    }

    private readonly EditorSite _site;
    private Chromium _chromium = null!;

    public EditorAccessibilityTests(Site site) => _site = site.Editors;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Theory]
    [InlineData("/editor/login", false, 200)]
    [InlineData("/editor/denied", true, 403)]
    [InlineData("/editor", true, 200)]
    [InlineData("/editor/guides/wechat/edit", true, 200)]
    [InlineData("/editor/guides/wechat/edit?mode=file", true, 200)]
    [InlineData("/editor/legal/pipl-47/edit", true, 200)]
    [InlineData("/editor/guides/wechat/history", true, 200)]
    [InlineData("/editor/legal/pipl-47/history", true, 200)]
    [InlineData("/editor/reports", true, 200)]
    [InlineData("/editor/users", true, 200)]
    [InlineData("/editor/audit", true, 200)]
    public async Task An_editor_page_has_no_axe_violation_in_either_colour_scheme(string path, bool signedIn, int status)
    {
        using var client = signedIn ? await _site.SignInAsync(EditorSite.Admin) : _site.NewClient();
        var problems = new List<string>();
        foreach (var scheme in AccessibilityTests.Schemes)
        {
            await using var context = await _chromium.Browser.NewContextAsync(new() { ColorScheme = scheme });
            await context.RouteAsync("https://localhost/**", route => AnswerFromAsync(client, route));
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync("https://localhost" + path);
            Assert.Equal(status, response!.Status);
            problems.AddRange(await AccessibilityTests.ViolationsAsync(page, $"{path} ({scheme})"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task AnswerFromAsync(HttpClient client, IRoute route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Request.Method), route.Request.Url);
        using var response = await client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Set-Cookie" or "Content-Length" or "Transfer-Encoding"))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value));
        await route.FulfillAsync(new() { Status = (int)response.StatusCode, Headers = headers, BodyBytes = await response.Content.ReadAsByteArrayAsync() });
    }
}
