using System.Globalization;
using System.Xml.Linq;
using AccountExit.Web.Data;
using AccountExit.Web.Data.PostgreSql;
using AccountExit.Web.Search;
using AccountExit.Web.Startup;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>copy-database --to CONNECTION</c> (or <c>--to -</c> to read it from stdin): moves a SQLite site, while it runs,
/// into an empty PostgreSQL database. Every table of the EF model is copied from a consistent snapshot (SQLite's
/// online backup) in one transaction with its primary keys, the counts are checked, and the search index is built.
/// The connection string is never printed: only its host, port, database and user. Times keep PostgreSQL's precision,
/// the microsecond (SQLite holds .NET's 100 ns ticks).
/// </summary>
public static class CopyDatabase
{
    public const int TargetNotEmpty = 3;

    /// <summary>
    /// SQLite tables outside the EF model: EF's own bookkeeping, and the search index (Search/Sqlite), which the target
    /// builds from the copied guides instead. FTS5 keeps shadow tables named after its own (SearchTerms_data, …).
    /// </summary>
    private static readonly string[] NotCopied = ["__EFMigrationsHistory", "__EFMigrationsLock", "sqlite_sequence", "SearchTerms", "SearchNames", "SearchPassages", "SearchState"];

    private sealed record Table(IEntityType Target, IEntityType? Source)
    {
        public string Name => Target.GetTableName()!;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args is not ["--to", var to])
        {
            await Console.Error.WriteLineAsync("usage: copy-database --to CONNECTION   (an Npgsql connection string; - reads it from stdin)");
            return 2;
        }
        if (to == "-")
        {
            to = (await Console.In.ReadLineAsync())?.Trim() ?? "";
        }
        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(to);
        }
        catch (ArgumentException)
        {
            // The message could quote the string, password included.
            await Console.Error.WriteLineAsync("copy-database: --to is not a valid PostgreSQL connection string (e.g. \"Host=db.example;Database=accountexit;Username=accountexit;Password=…\")");
            return 2;
        }
        if (string.IsNullOrWhiteSpace(target.Host) || string.IsNullOrWhiteSpace(target.Database))
        {
            await Console.Error.WriteLineAsync("copy-database: --to must name a Host and a Database, e.g. \"Host=db.example;Database=accountexit;Username=accountexit;Password=…\"");
            return 2;
        }
        var source = services.GetRequiredService<AppDb>();
        if (!source.Database.IsSqlite())
        {
            await Console.Error.WriteLineAsync("copy-database: this site already runs on PostgreSQL; copy it with pg_dump and pg_restore (docs/operations.md)");
            return 1;
        }
        await DataSetup.MigrateAsync(services);
        var sourceFile = new SqliteConnectionStringBuilder(source.Database.GetConnectionString()).DataSource;
        Console.WriteLine($"copy-database: from {sourceFile} to {Describe(target)}");

        // It holds password hashes: a folder only this user can read (CreateTempSubdirectory makes it 700 on Unix).
        var folder = Directory.CreateTempSubdirectory("accountexit-copy-");
        var snapshot = Path.Combine(folder.FullName, "snapshot.db");
        var committed = false;
        try
        {
            // The backup API gives one consistent moment of a database that editors keep writing to.
            await Backup.CopyAsync(source.Database.GetConnectionString()!, snapshot);
            await using var from = new AppDb(new DbContextOptionsBuilder<AppDb>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString()).Options);
            await using var into = new PostgreSqlAppDb(new DbContextOptionsBuilder<PostgreSqlAppDb>().UseNpgsql(target.ConnectionString).Options);
            var tables = await PlanAsync(from, into);
            if (await ExistingDataAsync(into, tables) is { } refusal)
            {
                await Console.Error.WriteLineAsync($"copy-database: refused, the target is not empty ({refusal}); nothing was written. Give it an empty database (createdb).");
                return TargetNotEmpty;
            }
            await into.Database.MigrateAsync();
            var keys = Path.Combine(Path.GetDirectoryName(sourceFile)!, "keys");
            var exit = await CopyAsync(from, into, tables, keys);
            if (exit != 0)
            {
                return exit;
            }
            committed = true;
            var indexed = await SearchIndex.RebuildAsync(into, CancellationToken.None);
            Console.WriteLine($"copy-database: search index built for {indexed} published guides. Now set AccountExit__Database=PostgreSql and ConnectionStrings__AccountExit.");
            return 0;
        }
        catch (Exception e) when (e is NpgsqlException or DbUpdateException or TimeoutException
            or InvalidOperationException { InnerException: NpgsqlException or TimeoutException })
        {
            await Console.Error.WriteLineAsync(committed
                ? $"copy-database: the copy is committed, but building the search index on {Describe(target)} failed: {(e.InnerException ?? e).Message}. Run reindex with the new settings."
                : $"copy-database: failed against {Describe(target)}, nothing was committed: {(e.InnerException ?? e).Message}");
            return 1;
        }
        catch (UnknownTableException e)
        {
            await Console.Error.WriteLineAsync($"copy-database: {e.Message}");
            return 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Where the target is, without its password.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder target) =>
        $"PostgreSQL at {target.Host}:{target.Port}, database '{target.Database}', user '{target.Username ?? "(default)"}'";

    /// <summary>
    /// Every table of the PostgreSQL model, each with its SQLite counterpart (the Data Protection keys have none: on
    /// SQLite they are files). A table either side does not know stops the copy before anything is written.
    /// </summary>
    private static async Task<IReadOnlyList<Table>> PlanAsync(AppDb from, PostgreSqlAppDb into)
    {
        var tables = new List<Table>();
        foreach (var type in into.Model.GetEntityTypes().Where(t => t.GetTableName() is not null))
        {
            var counterpart = from.Model.FindEntityType(type.ClrType);
            if (type.IsOwned() || type.HasSharedClrType || (counterpart is null && type.ClrType != typeof(DataProtectionKey)))
            {
                throw new UnknownTableException($"the PostgreSQL model has a table copy-database does not know how to fill: {type.GetTableName()} ({type.DisplayName()})");
            }
            tables.Add(new Table(type, counterpart));
        }
        var modelled = tables.Select(t => t.Source?.GetTableName()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        await from.Database.OpenConnectionAsync();
        var inFile = await from.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync();
        var unknown = inFile.Where(n => !modelled.Contains(n) && !n.StartsWith("sqlite_", StringComparison.Ordinal)
            && !NotCopied.Any(s => n == s || n.StartsWith(s + "_", StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            throw new UnknownTableException($"the SQLite database has tables outside the model that copy-database does not know: {string.Join(", ", unknown)}");
        }
        return tables;
    }

    /// <summary>Why the target is not empty, or null: a table that is not this site's, or any row in one of its tables.</summary>
    private static async Task<string?> ExistingDataAsync(PostgreSqlAppDb into, IReadOnlyList<Table> tables)
    {
        var present = await into.Database.SqlQueryRaw<string>(
            "SELECT c.relname AS \"Value\" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'").ToListAsync();
        var ours = tables.Select(t => t.Name).Concat(NotCopied).ToHashSet(StringComparer.Ordinal);
        var foreign = present.Where(n => !ours.Contains(n)).ToList();
        if (foreign.Count > 0)
        {
            return $"it holds other tables: {string.Join(", ", foreign.Take(5))}";
        }
        foreach (var table in tables.Where(t => present.Contains(t.Name)))
        {
            if (await CountAsync(into, table.Target) > 0)
            {
                return $"table {table.Name} has rows";
            }
        }
        return null;
    }

    private static async Task<int> CopyAsync(AppDb from, PostgreSqlAppDb into, IReadOnlyList<Table> tables, string keysFolder)
    {
        into.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await into.Database.BeginTransactionAsync();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = table.Source is null ? KeyRows(keysFolder) : await RowsAsync(from, table.Source);
            foreach (var row in rows)
            {
                // On the object itself: EF compares DateTimes without their kind, so setting it through the entry is a no-op.
                foreach (var property in table.Target.GetProperties().Select(p => p.PropertyInfo).OfType<System.Reflection.PropertyInfo>())
                {
                    if (property.GetValue(row) is DateTime or DateTimeOffset)
                    {
                        property.SetValue(row, AsUtc(property.GetValue(row)));
                    }
                }
                into.Entry(row).State = EntityState.Added;
            }
            expected[table.Name] = rows.Count;
        }
        // One SaveChanges: EF orders the inserts by their foreign keys.
        await into.SaveChangesAsync();
        await ResetSequencesAsync(into, tables);

        Console.WriteLine($"{"table",-28} {"SQLite",10} {"PostgreSQL",10}");
        var mismatch = false;
        foreach (var table in tables)
        {
            var copied = await CountAsync(into, table.Target);
            mismatch |= copied != expected[table.Name];
            Console.WriteLine($"{table.Name,-28} {expected[table.Name],10} {copied,10}{(copied != expected[table.Name] ? "   MISMATCH" : "")}");
        }
        if (mismatch)
        {
            await transaction.RollbackAsync();
            await Console.Error.WriteLineAsync("copy-database: the counts differ; rolled back, nothing was written to the target's tables");
            return 1;
        }
        await transaction.CommitAsync();
        Console.WriteLine($"copy-database: copied {expected.Values.Sum()} rows in {tables.Count} tables");
        return 0;
    }

    /// <summary>SQLite hands back its UTC times without a kind; PostgreSQL's timestamptz accepts only UTC.</summary>
    private static object? AsUtc(object? value) => value switch
    {
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        DateTimeOffset o => o.ToUniversalTime(),
        _ => value,
    };

    /// <summary>The keys/ folder beside the SQLite file, as the file-system key store wrote it (key-{id}.xml).</summary>
    private static List<object> KeyRows(string folder) => !Directory.Exists(folder) ? [] :
        [.. Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal).Select(file => new DataProtectionKey
        {
            FriendlyName = Path.GetFileNameWithoutExtension(file),
            Xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting),
        })];

    /// <summary>
    /// The copied rows keep their ids; the identity sequences must then start after them, or the next insert collides.
    /// </summary>
    private static async Task ResetSequencesAsync(PostgreSqlAppDb into, IReadOnlyList<Table> tables)
    {
        foreach (var table in tables)
        {
            foreach (var key in table.Target.FindPrimaryKey()!.Properties.Where(p => p.ValueGenerated == ValueGenerated.OnAdd
                && (p.ClrType == typeof(int) || p.ClrType == typeof(long))))
            {
                var column = key.GetColumnName();
                var sql = string.Create(CultureInfo.InvariantCulture,
                    $"SELECT setval(pg_get_serial_sequence('\"{table.Name}\"', '{column}'), COALESCE(MAX(\"{column}\"), 0) + 1, false) FROM \"{table.Name}\"");
                await into.Database.ExecuteSqlRawAsync(sql);
            }
        }
    }

    public static Task<List<object>> RowsAsync(DbContext db, IEntityType type) =>
        (Task<List<object>>)typeof(CopyDatabase).GetMethod(nameof(TypedRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.ClrType).Invoke(null, [db])!;

    private static async Task<List<object>> TypedRowsAsync<T>(DbContext db) where T : class =>
        [.. await db.Set<T>().AsNoTracking().ToListAsync()];

    private static Task<long> CountAsync(DbContext db, IEntityType type) =>
        (Task<long>)typeof(CopyDatabase).GetMethod(nameof(TypedCountAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.ClrType).Invoke(null, [db])!;

    private static Task<long> TypedCountAsync<T>(DbContext db) where T : class => db.Set<T>().LongCountAsync();

    private sealed class UnknownTableException(string message) : Exception(message);
}
