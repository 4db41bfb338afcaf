using AccountExit.Web.Data;
using AccountExit.Web.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>backup FILE</c>: a consistent copy of the live database, taken with SQLite's online backup API while the site
/// keeps serving and saving. See docs/operations.md for restoring it.
/// </summary>
public static class Backup
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: backup FILE");
            return 2;
        }
        var target = Path.GetFullPath(args[0]);
        if (File.Exists(target))
        {
            await Console.Error.WriteLineAsync($"backup: {target} exists already; choose a new file name");
            return 1;
        }
        var db = services.GetRequiredService<AppDb>();
        if (!db.Database.IsSqlite())
        {
            await Console.Error.WriteLineAsync(
                "backup: this site runs on PostgreSQL; back it up with pg_dump (see \"Backup\" in docs/operations.md)");
            return 1;
        }
        await DataSetup.MigrateAsync(services);
        await CopyAsync(db.Database.GetConnectionString()!, target);
        Console.WriteLine($"Backed up the database to {target}");
        return 0;
    }

    public static async Task CopyAsync(string connectionString, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var source = new SqliteConnection(connectionString);
        await source.OpenAsync();
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync();
        source.BackupDatabase(destination);
        await using var check = destination.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        var result = (string?)await check.ExecuteScalarAsync();
        if (result != "ok")
        {
            throw new InvalidOperationException($"The backup at {target} failed its integrity check: {result}");
        }
    }
}
