using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Cli;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Security;

public sealed class DurabilityTests : IDisposable
{
    private readonly EditorSite _site = new();
    private readonly Repo.TempFolder _backups = new();

    public void Dispose()
    {
        _site.Dispose();
        _backups.Dispose();
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_synchronous_full_and_a_busy_timeout()
    {
        var (journal, synchronous, timeout) = await _site.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            async Task<string> PragmaAsync(string name)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {name}";
                return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
            }
            return (await PragmaAsync("journal_mode"), await PragmaAsync("synchronous"), await PragmaAsync("busy_timeout"));
        });
        Assert.Equal("wal", journal);
        Assert.Equal("2", synchronous); // 2 = FULL
        Assert.Equal("10000", timeout);
    }

    [Fact]
    public async Task Every_open_connection_has_the_settings_whether_the_pool_reuses_it_or_opens_a_new_one()
    {
        // The settings are applied once per native connection (SqlitePragmas): a pooled one keeps them, a new one gets them.
        async Task<string> SettingsAsync() => await _site.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT (SELECT journal_mode FROM pragma_journal_mode) || ' ' || (SELECT synchronous FROM pragma_synchronous) || ' ' || "
                + "(SELECT foreign_keys FROM pragma_foreign_keys) || ' ' || (SELECT timeout FROM pragma_busy_timeout)";
            var settings = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
            await db.Database.CloseConnectionAsync();
            return settings;
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("wal 2 1 10000", await SettingsAsync());
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal("wal 2 1 10000", await SettingsAsync());
        Assert.Equal("wal 2 1 10000", await SettingsAsync());
    }

    [Fact]
    public async Task A_connection_whose_settings_were_cancelled_gets_them_on_its_next_open()
    {
        // A reader who leaves while the first open of a native connection sets it up must not leave the pool a
        // connection marked as set up but without its busy timeout or foreign keys.
        var pragmas = new SqlitePragmas();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_backups.Path, "cancelled.db")}");
        await connection.OpenAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pragmas.ConnectionOpenedAsync(connection, null!, new CancellationToken(true)));
        pragmas.ConnectionOpened(connection, null!);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT foreign_keys FROM pragma_foreign_keys) || ' ' || (SELECT timeout FROM pragma_busy_timeout)";
        Assert.Equal("1 10000", Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_backup_taken_while_editors_save_restores_and_serves_every_published_guide()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/jd/edit");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Input.Summary"] = "备份前的网页修改" });

        // Keep saving while the backup runs: the copy must still be consistent.
        using var stop = new CancellationTokenSource();
        var saving = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var page = await editor.OpenAsync("/editor/guides/qq/edit");
                await editor.SubmitAsync(page, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = $"save {i++}" });
            }
        });
        var backupFile = Path.Combine(_backups.Path, "restore", "site.db");
        var connectionString = await _site.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await Backup.CopyAsync(connectionString, backupFile);
        await stop.CancelAsync();
        await saving;

        // Restore = put the file where a site expects its database, and start it (without importing content/).
        using var restored = new SiteFactory(Path.Combine(_backups.Path, "no-content"), Path.GetDirectoryName(backupFile),
            new Dictionary<string, string> { ["AccountExit:ImportOnStart"] = "false" });
        using var client = restored.CreateClient();
        foreach (var slug in Repo.GuideSlugs)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/guides/{slug}")).StatusCode);
        }
        Assert.Contains("备份前的网页修改", await client.GetStringAsync("/guides/jd"), StringComparison.Ordinal);
        await using var scope = restored.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(["ok"], await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
    }
}
