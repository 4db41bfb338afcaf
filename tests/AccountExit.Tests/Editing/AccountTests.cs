using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Accounts;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Editing;

public sealed class AccountTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Cookies_are_host_prefixed_secure_httponly_and_samesite()
    {
        using var client = _site.NewClient();
        var login = await client.OpenAsync("/editor/login");
        var antiforgery = string.Join(";", login.Response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("__Host-AccountExit.Antiforgery=", antiforgery, StringComparison.Ordinal);
        var signedIn = await EditorSite.SignInAsync(client, EditorSite.Editor, EditorSite.Password);
        var auth = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-AccountExit=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Failures_never_say_whether_the_account_exists()
    {
        using var client = _site.NewClient();
        var unknown = await EditorSite.SignInAsync(client, "nobody@example.test", EditorSite.Password);
        var wrong = await EditorSite.SignInAsync(client, EditorSite.Editor, "wrong password entirely");
        Assert.Equal(unknown.Document.QuerySelector("[role=alert]")!.TextContent, wrong.Document.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_one_fails()
    {
        using var client = _site.NewClient();
        for (var i = 0; i < 5; i++)
        {
            await EditorSite.SignInAsync(client, EditorSite.Editor2, "not the password " + i);
        }
        var locked = await EditorSite.SignInAsync(client, EditorSite.Editor2, EditorSite.Password);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.NotNull(locked.Document.QuerySelector("[role=alert]"));
        Assert.Contains(await _site.WithDbAsync(db => db.Audit.Select(a => a.Action).ToListAsync()), a => a.Contains("locked out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_client_with_retry_after()
    {
        using var client = _site.NewClient();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12 && limited is null; i++)
        {
            var page = await EditorSite.SignInAsync(client, $"nobody{i}@example.test", "whatever password");
            if (page.Status == HttpStatusCode.TooManyRequests)
            {
                limited = page.Response;
            }
        }
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Disabling_an_editor_ends_their_session_at_once_and_re_enabling_lets_them_back()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/editor")).StatusCode);

        using var admin = await _site.SignInAsync(EditorSite.Admin);
        var users = await admin.OpenAsync("/editor/users");
        var row = users.Document.QuerySelectorAll("tr").First(tr => tr.TextContent.Contains(EditorSite.Editor, StringComparison.Ordinal));
        var id = row.QuerySelector("input[name=id]")!.GetAttribute("value");
        await admin.SubmitAsync(users, $"form:has(input[name=id][value='{id}']) button");

        var after = await editor.GetAsync("/editor");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/editor/login", after.Headers.Location!.ToString(), StringComparison.Ordinal);

        users = await admin.OpenAsync("/editor/users");
        await admin.SubmitAsync(users, $"form:has(input[name=id][value='{id}']) button");
        using var back = await _site.SignInAsync(EditorSite.Editor);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/editor")).StatusCode);
        var audit = await _site.WithDbAsync(db => db.Audit.Select(a => a.Action).ToListAsync());
        Assert.Contains("account disabled", audit);
        Assert.Contains("account re-enabled", audit);
    }

    [Fact]
    public async Task Admin_adds_an_editor_and_the_generated_password_is_shown_once_and_works()
    {
        using var admin = await _site.SignInAsync(EditorSite.Admin);
        var users = await admin.OpenAsync("/editor/users");
        var created = await admin.SubmitAsync(users, "form[action*='handler=create'] button", new Dictionary<string, string>
        {
            ["Input.Email"] = "new.editor@example.test",
            ["Input.Role"] = "Editor",
        });
        var password = created.Document.QuerySelector("code.secret")!.TextContent;
        Assert.True(password.Length >= 20);
        Assert.Null((await admin.OpenAsync("/editor/users")).Document.QuerySelector("code.secret"));
        using var fresh = await _site.SignInAsync("new.editor@example.test", password);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/editor")).StatusCode);
    }

    [Theory]
    [InlineData("short pass", "at least 12")]
    [InlineData("qwertyuiop123", "commonly used")]
    [InlineData("aaaaaaaaaaaaaaaa", "commonly used")]
    public async Task Weak_passwords_are_refused(string password, string reason)
    {
        await using var scope = _site.Factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<EditorAccounts>().CreateAsync($"weak{password.Length}@example.test", Roles.Editor, password, "test");
        Assert.Null(created.User);
        Assert.Contains(created.Errors, e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_passphrase_without_digits_or_capitals_is_accepted_and_hashed_with_210000_iterations()
    {
        await using var scope = _site.Factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<EditorAccounts>()
            .CreateAsync("passphrase@example.test", Roles.Editor, "the rain in spain falls mainly on the plain", "test");
        Assert.NotNull(created.User);
        var hash = Convert.FromBase64String(created.User.PasswordHash!);
        // Identity v3 format: marker, PRF, iteration count (big-endian), salt length, salt, subkey.
        Assert.Equal(0x01, hash[0]);
        var iterations = (hash[5] << 24) | (hash[6] << 16) | (hash[7] << 8) | hash[8];
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
    }

    [Fact]
    public async Task Audit_log_records_sign_in_failure_save_and_publish_and_holds_no_password()
    {
        using var failing = _site.NewClient();
        await EditorSite.SignInAsync(failing, EditorSite.Editor, "a wrong password here");
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/jd/edit");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Note"] = "审计测试" });

        using var admin = await _site.SignInAsync(EditorSite.Admin);
        var audit = await admin.OpenAsync("/editor/audit");
        var text = audit.Document.QuerySelector("table")!.TextContent;
        Assert.Contains("sign-in failed", text, StringComparison.Ordinal);
        Assert.Contains("sign-in", text, StringComparison.Ordinal);
        Assert.Contains("edit and publish", text, StringComparison.Ordinal);
        Assert.Contains("guide/jd", text, StringComparison.Ordinal);
        Assert.DoesNotContain(EditorSite.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("a wrong password here", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_keeps_editors_signed_in()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var cookie = (await editor.OpenAsync("/editor")).Status;
        Assert.Equal(HttpStatusCode.OK, cookie);
        var authCookie = await CookieAsync(EditorSite.Editor);

        // A second host on the same data folder (database and Data Protection keys): a restarted site.
        using var restarted = new EditorSite(_site.Factory.DataFolder, _site.ContentPath);
        using var client = restarted.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/editor");
        request.Headers.Add("Cookie", authCookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    private async Task<string> CookieAsync(string email)
    {
        using var client = _site.NewClient();
        var page = await EditorSite.SignInAsync(client, email, EditorSite.Password);
        var setCookie = page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-AccountExit=", StringComparison.Ordinal));
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }
}
