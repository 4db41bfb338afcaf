using System.Diagnostics;
using System.Net;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Cli;

/// <summary>The create-user verb, run as a real process against a real database file.</summary>
public sealed class CreateUserTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(int Exit, string Output, string Errors)> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder.Path,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AccountExit.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ConnectionStrings__AccountExit"] = $"Data Source={Path.Combine(_folder.Path, "data", "site.db")}";
        start.Environment["AccountExit__ContentPath"] = Repo.Content;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Creates_an_admin_with_a_password_from_stdin_who_can_then_sign_in()
    {
        var (exit, output, errors) = await RunAsync("a long admin passphrase here\n", "create-user", "--email", "root@example.test", "--role", "Admin", "--password-stdin");
        Assert.True(exit == 0, errors);
        Assert.Contains("Created Admin account root@example.test", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a long admin passphrase here", output + errors, StringComparison.Ordinal);

        using var site = new EditorSite(Path.Combine(_folder.Path, "data"), Repo.Content);
        using var client = site.NewClient();
        var signedIn = await EditorSite.SignInAsync(client, "root@example.test", "a long admin passphrase here");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/editor/users")).StatusCode);
    }

    [Fact]
    public async Task Without_a_password_one_is_generated_and_printed_once()
    {
        var (exit, output, _) = await RunAsync("", "create-user", "--email", "ed@example.test", "--role", "Editor");
        Assert.Equal(0, exit);
        var line = output.Split('\n').Single(l => l.StartsWith("Password (shown once", StringComparison.Ordinal));
        Assert.True(line[(line.LastIndexOf(' ') + 1)..].Trim().Length >= 20);
    }

    [Theory]
    [InlineData("create-user --email a@example.test --role Owner", "role must be one of")]
    [InlineData("create-user --role Editor", "usage:")]
    [InlineData("create-user --email a@example.test --role Editor --password-stdin", "standard input was empty")]
    public async Task Bad_arguments_give_a_clear_message_and_a_nonzero_exit(string args, string message)
    {
        var (exit, _, errors) = await RunAsync("", args.Split(' '));
        Assert.NotEqual(0, exit);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_common_password_is_refused()
    {
        var (exit, _, errors) = await RunAsync("qwertyuiop123\n", "create-user", "--email", "a@example.test", "--role", "Editor", "--password-stdin");
        Assert.Equal(1, exit);
        Assert.Contains("commonly used", errors, StringComparison.Ordinal);
    }
}
