using System.Diagnostics;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Hosting;

/// <summary>
/// The site as an operator starts it (the test build's AccountExit.Web.dll as its own process): a database setting it
/// cannot use stops the start at once with one message naming the setting, exit code 1, and no stack trace.
/// </summary>
public sealed class DatabaseSettingTests
{
    [Theory]
    [InlineData("Oracle", "Data Source=site.db", "AccountExit:Database")]
    [InlineData("PostgreSql", "", "ConnectionStrings:AccountExit")]
    [InlineData("PostgreSql", "Data Source=site.db", "ConnectionStrings:AccountExit")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=1;Database=accountexit;Timeout=3", "ConnectionStrings:AccountExit")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=5432;Bogus Key=1", "ConnectionStrings:AccountExit")]
    public async Task A_setting_the_site_cannot_use_stops_the_start_with_the_setting_named(string database, string connection, string setting)
    {
        using var folder = new Repo.TempFolder();
        var (exit, output) = await RunAsync(folder.Path, database, connection);

        Assert.Equal(1, exit);
        Assert.Contains(setting, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_with_its_address()
    {
        using var folder = new Repo.TempFolder();
        var (_, output) = await RunAsync(folder.Path, "PostgreSql", "Host=127.0.0.1;Port=1;Database=accountexit;Timeout=3");

        Assert.Contains("cannot connect to PostgreSQL at 127.0.0.1:1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_on_postgresql_refuses_and_points_to_pg_dump()
    {
        using var folder = new Repo.TempFolder();
        var connection = PostgreSqlCluster.Instance.Database("backup_verb");

        var (exit, output) = await RunAsync(folder.Path, "PostgreSql", connection, "backup", Path.Combine(folder.Path, "copy.db"));

        Assert.Equal(1, exit);
        Assert.Contains("pg_dump", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "copy.db")));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string folder, string database, string connection, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AccountExit.Web.dll"));
        foreach (var arg in args.Length > 0 ? args : ["--urls", "http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["AccountExit__Database"] = database;
        start.Environment["ConnectionStrings__AccountExit"] = connection;
        start.Environment["AccountExit__ContentPath"] = Repo.Content;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await errors);
    }
}
