using System.Net;
using AccountExit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Editing;

/// <summary>
/// Every editor page and handler × anonymous, no-role account, Editor, Admin, disabled account × GET and POST.
/// Anonymous and non-editors get a redirect to sign-in or a 403 and change nothing; editors reach editor pages
/// but not admin pages; admins reach everything.
/// </summary>
public sealed class AccessMatrixTests : IClassFixture<AccessMatrixTests.Site>
{
    public sealed class Site : IDisposable
    {
        public EditorSite Editors { get; } = new();

        public void Dispose() => Editors.Dispose();
    }

    private readonly EditorSite _site;

    public AccessMatrixTests(Site site) => _site = site.Editors;

    private static readonly string[] EditorGets =
    [
        "/editor", "/editor/guides/new", "/editor/guides/wechat/edit", "/editor/guides/wechat/history",
        "/editor/guides/wechat/history?a=1&b=1", "/editor/legal/pipl-47/edit", "/editor/legal/pipl-47/history",
    ];

    private static readonly string[] AdminGets = ["/editor/users", "/editor/audit"];

    private static readonly string[] EditorPosts =
    [
        "/editor/guides/wechat/edit?handler=save&publish=true", "/editor/guides/wechat/edit?handler=preview",
        "/editor/guides/wechat/edit?handler=publish", "/editor/guides/wechat/edit?handler=unpublish",
        "/editor/guides/wechat/edit?handler=verify", "/editor/guides/new?handler=save&publish=true",
        "/editor/guides/wechat/history?handler=restore", "/editor/legal/pipl-47/edit?handler=save&publish=true",
        "/editor/legal/pipl-47/edit?handler=publish", "/editor/legal/pipl-47/history?handler=restore",
    ];

    private static readonly string[] AdminPosts = ["/editor/users?handler=create", "/editor/users?handler=disable"];

    private async Task<(int Revisions, int Users, bool WechatPublished, string WechatHash)> SnapshotAsync() => await _site.WithDbAsync(async db =>
    {
        var wechat = await db.Guides.AsNoTracking().SingleAsync(g => g.Slug == "wechat");
        return (await db.Revisions.CountAsync(), await db.Users.CountAsync(), wechat.IsPublished, wechat.ContentHash);
    });

    /// <summary>Posts with a valid antiforgery token for this client (taken from the login form), and plausible fields.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url)
    {
        var login = await client.OpenAsync("/editor/login");
        var token = login.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["number"] = "1",
            ["baseNumber"] = "1",
            ["BaseNumber"] = "1",
            ["Input.Slug"] = "intruder",
            ["Input.Email"] = "intruder@example.test",
            ["Input.Role"] = "Admin",
            ["id"] = "x",
            ["disabled"] = "true",
            ["Body"] = "intruder",
        }));
    }

    private static void AssertRefused(HttpResponseMessage response, string url, bool toLogin)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        var refused = toLogin
            ? response.StatusCode == HttpStatusCode.Redirect && location.Contains("/editor/login", StringComparison.Ordinal)
            : response.StatusCode == HttpStatusCode.Forbidden
              || response.StatusCode == HttpStatusCode.Redirect && location.Contains("/editor/denied", StringComparison.Ordinal);
        Assert.True(refused, $"{url} gave {(int)response.StatusCode} {location}");
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_write_nothing()
    {
        var before = await SnapshotAsync();
        using var client = _site.NewClient();
        foreach (var url in EditorGets.Concat(AdminGets))
        {
            AssertRefused(await client.GetAsync(url), url, toLogin: true);
        }
        foreach (var url in EditorPosts.Concat(AdminPosts))
        {
            AssertRefused(await PostAsync(client, url), url, toLogin: true);
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Accounts_without_the_editor_role_get_403_and_write_nothing()
    {
        var before = await SnapshotAsync();
        using var client = await _site.SignInAsync(EditorSite.NoRole);
        foreach (var url in EditorGets.Concat(AdminGets))
        {
            AssertRefused(await client.GetAsync(url), url, toLogin: false);
        }
        foreach (var url in EditorPosts.Concat(AdminPosts))
        {
            AssertRefused(await PostAsync(client, url), url, toLogin: false);
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        using var client = _site.NewClient();
        var response = await EditorSite.SignInAsync(client, EditorSite.Disabled, EditorSite.Password);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(response.Document.QuerySelector("[role=alert]"));
        AssertRefused(await client.GetAsync("/editor"), "/editor", toLogin: true);
    }

    [Fact]
    public async Task Editors_reach_editor_pages_but_not_admin_pages()
    {
        var before = await SnapshotAsync();
        using var client = await _site.SignInAsync(EditorSite.Editor);
        foreach (var url in EditorGets)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
        foreach (var url in AdminGets)
        {
            AssertRefused(await client.GetAsync(url), url, toLogin: false);
        }
        foreach (var url in AdminPosts)
        {
            AssertRefused(await PostAsync(client, url), url, toLogin: false);
        }
        Assert.Equal(before.Users, (await SnapshotAsync()).Users);
    }

    [Fact]
    public async Task Admins_reach_every_page()
    {
        using var client = await _site.SignInAsync(EditorSite.Admin);
        foreach (var url in EditorGets.Concat(AdminGets))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task A_post_without_a_valid_antiforgery_token_is_refused_even_for_an_editor()
    {
        var before = await SnapshotAsync();
        using var client = await _site.SignInAsync(EditorSite.Editor);
        var response = await client.PostAsync("/editor/guides/wechat/edit?handler=unpublish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Editor_pages_are_never_stored_by_browsers_or_proxies()
    {
        using var client = await _site.SignInAsync(EditorSite.Editor);
        var response = await client.GetAsync("/editor/guides/wechat/edit");
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
