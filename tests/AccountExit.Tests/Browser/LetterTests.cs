using AccountExit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccountExit.Tests.Browser;

/// <summary>
/// The request letter in real Chromium, over a content copy in which WeChat records a request address (no real guide
/// has one), so the mailto: path is exercised too.
/// </summary>
public sealed class LetterTests : IAsyncLifetime, IDisposable
{
    private const string Address = "privacy@example.test";
    private readonly Repo.TempFolder _folder = new();
    private SiteFactory _site = null!;
    private Uri _base = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        var content = Path.Combine(_folder.Path, "content");
        Repo.CopyFolder(Repo.Content, content);
        var wechat = Path.Combine(content, "guides", "wechat.md");
        File.WriteAllText(wechat, File.ReadAllText(wechat).Replace("\nlegal: ", $"\nrequest_email: {Address}\nlegal: ", StringComparison.Ordinal));
        _site = new SiteFactory(content);
        _base = _site.StartOnKestrel();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    public void Dispose()
    {
        _site.Dispose();
        _folder.Dispose();
    }

    private string Url(string path) => new Uri(_base, path).ToString();

    /// <summary>Everything a request carries: its URL, every header, and its body.</summary>
    private static async Task<string> EverythingSentAsync(IRequest request)
    {
        var headers = await request.AllHeadersAsync();
        return string.Join("\n", [request.Url, .. headers.Select(h => $"{h.Key}: {h.Value}"), request.PostData ?? ""]);
    }

    [Fact]
    public async Task Nothing_typed_into_the_letter_leaves_the_browser()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new() { Permissions = ["clipboard-read", "clipboard-write"] });
        var requests = new List<IRequest>();
        context.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request);
            }
        };
        // The test's own stubs, injected by the browser (the page itself has no inline script): count print() and
        // sendBeacon() calls (a beacon would also show as a request).
        await context.AddInitScriptAsync(script: """
            window.__printCalls = 0;
            window.print = function () { window.__printCalls++; };
            window.__beacons = 0;
            const sendBeacon = navigator.sendBeacon.bind(navigator);
            navigator.sendBeacon = function (...args) { window.__beacons++; return sendBeacon(...args); };
            """);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(Url("/guides/wechat/letter"));
        await page.Locator("#letter-tools").WaitForAsync();
        Assert.False(await page.Locator("#letter-reasons").IsVisibleAsync());

        // The breach reason shows the details field too; then a unique marker goes into every field, each followed by Enter.
        await page.SelectOptionAsync("#letter-reason", "unlawful");
        var fields = page.Locator("#letter-tools input, #letter-tools textarea");
        Assert.Equal(3, await fields.CountAsync());
        var markers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var marker = $"mk{Guid.NewGuid():N}";
            markers.Add(marker);
            await fields.Nth(i).FillAsync(marker);
            await fields.Nth(i).PressAsync("Enter");
        }
        var letter = await page.Locator("#letter-zh").InnerTextAsync();
        Assert.All(markers, m => Assert.Contains(m, letter, StringComparison.Ordinal));
        Assert.Contains(markers[0], await page.Locator("#letter-en").InnerTextAsync(), StringComparison.Ordinal);

        // Every reason, then back to the breach.
        foreach (var reason in new[] { "cancel", "no-longer-needed", "service-stopped", "withdrawn-consent", "unlawful" })
        {
            await page.SelectOptionAsync("#letter-reason", reason);
            Assert.Contains(markers[0], await page.Locator("#letter-zh").InnerTextAsync(), StringComparison.Ordinal);
        }
        Assert.Contains("具体情况如下：" + markers[2], await page.Locator("#letter-zh").InnerTextAsync(), StringComparison.Ordinal);

        // Copy: the filled-in letter reaches the clipboard, and only the clipboard.
        await page.Locator("button[data-copy='letter-zh']").ClickAsync();
        await page.Locator("#letter-status").WaitForAsync();
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.StartsWith("注销账号及删除个人信息申请", copied, StringComparison.Ordinal);
        Assert.All(markers, m => Assert.Contains(m, copied, StringComparison.Ordinal));
        Assert.DoesNotContain("本人已决定不再使用该账号", copied, StringComparison.Ordinal);
        await page.Locator("button[data-copy='letter-en']").ClickAsync();
        Assert.Contains("My account identifier is: " + markers[0], await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"), StringComparison.Ordinal);

        // Print calls the browser's print, nothing else.
        await page.Locator("button[data-print]").ClickAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printCalls"));

        // The mailto: link carries the filled letter to the reader's own mail program; following it sends nothing here.
        var mailto = await page.Locator("#letter-mailto").GetAttributeAsync("href");
        Assert.StartsWith($"mailto:{Address}?subject=", mailto, StringComparison.Ordinal);
        Assert.Contains(markers[0], mailto, StringComparison.Ordinal);
        Assert.Contains("%0D%0A", mailto, StringComparison.Ordinal);
        var letterUrl = page.Url;
        await page.Locator("#letter-mailto").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(letterUrl, page.Url);

        // Nothing typed was sent (URL, headers, body), kept (storage, cookies) or put in the address.
        List<IRequest> sent;
        lock (requests)
        {
            sent = [.. requests];
        }
        // Following the mailto: link shows up as a navigation to that mailto: URL: the hand-over to the reader's mail
        // program, which reaches no server. It is the one place the letter may go, and only to the recorded address.
        var handedToMail = sent.Where(r => r.Url.StartsWith("mailto:", StringComparison.Ordinal)).ToList();
        Assert.All(handedToMail, r => Assert.StartsWith($"mailto:{Address}?", r.Url, StringComparison.Ordinal));
        sent = [.. sent.Except(handedToMail)];
        Assert.NotEmpty(sent);
        Assert.All(sent, r => Assert.Matches("^https?://", r.Url));
        foreach (var request in sent)
        {
            var everything = await EverythingSentAsync(request);
            Assert.False(markers.Any(m => everything.Contains(m, StringComparison.Ordinal)), $"{request.ResourceType} {request.Method}:\n{everything}");
        }
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__beacons"));
        Assert.Equal(0, await page.EvaluateAsync<int>("async () => (await navigator.serviceWorker.getRegistrations()).length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.All(markers, m => Assert.DoesNotContain(m, page.Url, StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_printed_letter_is_the_filled_in_chinese_letter_alone()
    {
        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(Url("/guides/wechat/letter?reason=withdrawn-consent"));
        await page.Locator("#letter-identifier").FillAsync("13800000000");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(await page.Locator("#letter-zh").IsVisibleAsync());
        Assert.Contains("账号标识为：13800000000", await page.Locator("#letter-zh").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var hidden in new[] { ".site-header", ".site-footer", "#letter-tools", ".letter-send", ".letter-translation", ".letter-cited", ".letter-next", "h1" })
        {
            Assert.False(await page.Locator(hidden).First.IsVisibleAsync(), $"{hidden} is printed");
        }
        await page.CloseAsync();
    }

    [Fact]
    public async Task Every_control_of_the_letter_is_reachable_with_the_keyboard()
    {
        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(Url("/en/guides/wechat/letter?reason=unlawful"));
        await page.Locator("#letter-tools").WaitForAsync();
        var wanted = new HashSet<string>(["letter-reason", "letter-identifier", "letter-name", "letter-details", "copy:letter-zh", "copy:letter-en", "print", "letter-mailto"]);
        var reached = new HashSet<string>();
        for (var i = 0; i < 60 && !wanted.IsSubsetOf(reached); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("""
                () => {
                    const e = document.activeElement;
                    const outline = getComputedStyle(e).outlineStyle;
                    const name = e.id || (e.dataset.copy ? "copy:" + e.dataset.copy : e.hasAttribute("data-print") ? "print" : e.tagName);
                    return outline === "none" ? "" : name;
                }
                """);
            reached.Add(focused);
        }
        Assert.Subset(reached, wanted);
        // Typing from the keyboard fills the letter.
        await page.Locator("#letter-identifier").FocusAsync();
        await page.Keyboard.TypeAsync("keyboard-id");
        Assert.Contains("My account identifier is: keyboard-id", await page.Locator("#letter-en").InnerTextAsync(), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_reason_links_choose_the_letter_and_its_blanks_show()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/guides/wechat/letter"));
        Assert.False(await page.Locator("#letter-tools").IsVisibleAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "我撤回同意" }).ClickAsync();
        await page.WaitForURLAsync("**/guides/wechat/letter?reason=withdrawn-consent");
        var letter = await page.Locator("#letter-zh").InnerTextAsync();
        Assert.Contains("本人撤回此前就贵方处理本人个人信息所作出的同意", letter, StringComparison.Ordinal);
        Assert.Contains("［账号标识］", letter, StringComparison.Ordinal);
        // The mailto: link works without JavaScript too, with the blanks in it.
        var mailto = await page.Locator("#letter-mailto").GetAttributeAsync("href");
        Assert.Contains(Uri.EscapeDataString("［账号标识］"), mailto, StringComparison.Ordinal);
    }
}
