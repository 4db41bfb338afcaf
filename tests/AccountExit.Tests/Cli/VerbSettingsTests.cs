using System.Diagnostics;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Cli;

/// <summary>
/// Every verb that reads content takes the folder from <c>AccountExit:ContentPath</c>, as the site does, run as a
/// process (the built AccountExit.Web.dll) from a working directory outside the repository, where no content/ is
/// found by looking upwards.
/// </summary>
public sealed class VerbSettingsTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Content => Path.Combine(_folder.Path, "my-content");

    private async Task<(int Exit, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AccountExit.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("AccountExit__ContentPath");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static Dictionary<string, string> Setting(string content) => new() { ["AccountExit__ContentPath"] = content };

    [Fact]
    public async Task Generate_corpus_takes_its_legal_files_from_the_configured_content_folder()
    {
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "content")));
        Repo.CopyFolder(Repo.Content, Content);
        var corpus = Path.Combine(_folder.Path, "corpus");
        var (exit, output) = await RunAsync(Setting(Content), "generate-corpus", "--count", "3", "--out", corpus);
        Assert.True(exit == 0, output);
        Assert.Equal(Directory.GetFiles(Path.Combine(Content, "legal")).Length, Directory.GetFiles(Path.Combine(corpus, "legal")).Length);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(corpus, "guides")).Length);

        // The configured folder is the real one it refuses to write into.
        (exit, output) = await RunAsync(Setting(Content), "generate-corpus", "--count", "3", "--out", Path.Combine(Content, "generated"));
        Assert.True(exit == 2, output);
        Assert.Contains("refusing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_content_checks_the_configured_folder_from_the_environment_or_the_command_line()
    {
        Repo.CopyFolder(Repo.Content, Content);
        var (exit, output) = await RunAsync(Setting(Content), "validate-content");
        Assert.True(exit == 0, output);
        Assert.Contains(Content, output, StringComparison.Ordinal);

        // A broken file in the configured folder is found: the setting, not some other content/, was checked.
        var wechat = Path.Combine(Content, "guides", "wechat.md");
        File.WriteAllText(wechat, File.ReadAllText(wechat).Replace("\nslug: wechat", "\nslug: Not A Slug", StringComparison.Ordinal));
        (exit, output) = await RunAsync(Setting(Content), "validate-content");
        Assert.True(exit == 1, output);
        Assert.Contains("wechat.md:", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync(new Dictionary<string, string>(), "validate-content", $"--AccountExit:ContentPath={Content}");
        Assert.True(exit == 1, output);
        Assert.Contains("wechat.md:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_content_folder_is_named_with_the_setting_to_change()
    {
        var (exit, output) = await RunAsync(Setting(Path.Combine(_folder.Path, "nowhere")), "validate-content");
        Assert.True(exit == 2, output);
        Assert.Contains("AccountExit__ContentPath", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reads_the_configured_folder()
    {
        Repo.CopyFolder(Repo.Content, Content);
        var environment = Setting(Content);
        environment["ConnectionStrings__AccountExit"] = $"Data Source={Path.Combine(_folder.Path, "site.db")}";
        var (exit, output) = await RunAsync(environment, "import");
        Assert.True(exit == 0, output);
        Assert.Contains(Content, output, StringComparison.Ordinal);
    }
}
