using System.Net;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Security;

/// <summary>
/// A whole editor session with every log level on, written to a file: afterwards the file holds no password, no
/// cookie value and no antiforgery token that went over the wire.
/// </summary>
public sealed class LogSecretsTests : IDisposable
{
    private readonly Repo.TempFolder _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task The_logs_hold_no_password_cookie_or_antiforgery_token()
    {
        var logFile = Path.Combine(_logs.Path, "site.log");
        var secrets = new List<string> { EditorSite.Password, "a wrong password used once" };
        using (var site = new EditorSite(settings: new Dictionary<string, string>
        {
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose",
            ["AccountExit:LogFile"] = logFile,
        }))
        {
            using var failing = site.NewClient();
            var failed = await EditorSite.SignInAsync(failing, EditorSite.Editor, "a wrong password used once");
            secrets.AddRange(Tokens(failed));

            using var admin = site.NewClient();
            var signedIn = await EditorSite.SignInAsync(admin, EditorSite.Admin, EditorSite.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
            secrets.AddRange(CookieValues(signedIn.Response));

            var users = await admin.OpenAsync("/editor/users");
            secrets.AddRange(Tokens(users));
            var created = await admin.SubmitAsync(users, "form[action*='handler=create'] button", new Dictionary<string, string>
            {
                ["Input.Email"] = "logged@example.test",
            });
            secrets.Add(created.Document.QuerySelector("code.secret")!.TextContent);

            var edit = await admin.OpenAsync("/editor/guides/qq/edit");
            secrets.AddRange(Tokens(edit));
            await admin.SubmitAsync(edit, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Note"] = "logged edit" });
            await admin.GetAsync("/guides/qq");
        }

        var log = await File.ReadAllTextAsync(logFile);
        Assert.Contains("/editor/login", log, StringComparison.Ordinal);
        foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"The log holds a secret that starts '{secret[..4]}…'");
        }
    }

    private static IEnumerable<string> Tokens(Forms.Page page) =>
        page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")!)
            .Concat(CookieValues(page.Response));

    private static IEnumerable<string> CookieValues(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Select(c => c[(c.IndexOf('=', StringComparison.Ordinal) + 1)..]).Where(v => v.Length > 0)
            : [];
}
