using System.Data;
using System.Data.Common;
using System.Diagnostics;
using AccountExit.Web.Data;
using AccountExit.Web.Search.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AccountExit.Web.Search.PostgreSql;

/// <summary>
/// On PostgreSQL, each instance's own copy of the search index: a SQLite file (FTS5, the embedded default's tables and
/// tokens) in a folder of its own (<c>AccountExit:SearchReplicaFolder</c>, the system's temporary folder unless set),
/// kept at the shared index's generation. Searches run on it when it holds exactly the generation PostgreSQL says is
/// current, and on PostgreSQL (<see cref="PostgreSqlSearchStore"/>) otherwise, so an answer never lags a commit: a
/// replica behind the shared index is brought up to date in the background while PostgreSQL answers. Why: PostgreSQL's
/// GIN indexes hold no positions, so every phrase check and every ts_rank reads and decompresses whole tsvectors
/// (docs/performance.md, "Search on PostgreSQL"), and every search cost several round trips to a server that shares
/// the instance's CPU; FTS5 answers in-process from posting lists with positions.
/// </summary>
/// <remarks>
/// Catching up reads, in one repeatable-read transaction, the generation and each indexed guide's <c>xmin</c> (the
/// transaction that last wrote its <c>SearchPassages</c> row: every index write rewrites it), then rewrites the guides
/// whose stamp changed, from their Guides rows in that same snapshot, and removes the guides no longer indexed. A first
/// catch-up indexes every guide (10,000 guides: see docs/performance.md); later ones only what was published since.
/// The file is this process's alone and is deleted when it stops; files left by processes that no longer run are
/// deleted at the next start. Losing it costs only a rebuild.
/// </remarks>
public sealed partial class SearchReplica : IDisposable, IHealthCheck
{
    public const string FilePrefix = "accountexit-search-";

    /// <summary>A catch-up that rewrites more guides than this checkpoints the write-ahead log into the file at once.</summary>
    private const int BulkSize = 256;

    /// <summary>After a failed catch-up, searches stay on PostgreSQL this long before the next try.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The embedded default's index tables (migrations AddSearchIndex and SearchPrefixIndex), without the Guides table they refer to there, and each guide's stamp.</summary>
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE IF NOT EXISTS SearchTerms USING fts5(names, headings, body, facets, content='', contentless_delete=1,
            prefix='2 3', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE IF NOT EXISTS SearchNames USING fts5(names, facets, content='', contentless_delete=1,
            tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS SearchPassages (GuideId INTEGER NOT NULL PRIMARY KEY, Version INTEGER NOT NULL, Text TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS SearchState (Id INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1), Generation INTEGER NOT NULL);
        INSERT OR IGNORE INTO SearchState (Id, Generation) VALUES (1, -1);
        CREATE TABLE IF NOT EXISTS ReplicaStamps (GuideId INTEGER NOT NULL PRIMARY KEY, Stamp INTEGER NOT NULL);
        """;

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<SearchReplica> _log;
    private readonly string _connectionString;
    private readonly string _readConnectionString;
    private readonly CancellationTokenSource _stopping = new();
    private long _generation = -1;
    private int _syncing;
    private long _retryAt;
    private long _searches;
    private volatile bool _failed;
    private Task _sync = Task.CompletedTask;

    public SearchReplica(string folder, IServiceScopeFactory scopes, ILogger<SearchReplica> log)
    {
        _scopes = scopes;
        _log = log;
        Directory.CreateDirectory(folder);
        RemoveLeftovers(folder);
        Path = System.IO.Path.Combine(folder, $"{FilePrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        // A cache of what PostgreSQL holds: a crash loses nothing that is not rebuilt, so no fsync.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        // Searches never create the file: one that is gone is an error, and a catch-up makes it again.
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, Mode = SqliteOpenMode.ReadWrite }.ToString();
    }

    /// <summary>The replica's file.</summary>
    public string Path { get; }

    /// <summary>The generation of the shared index this replica holds; -1 before its first catch-up.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>How many searches this replica has answered.</summary>
    public long Searches => Interlocked.Read(ref _searches);

    /// <summary>
    /// A store on the replica, inside a read transaction that holds the given generation, or null (the replica is
    /// behind, or ahead of the caller's catalog: search PostgreSQL) after starting a catch-up.
    /// </summary>
    public async Task<SearchStore?> OpenAsync(long generation, CancellationToken ct)
    {
        if (Generation != generation)
        {
            CatchUp();
            return null;
        }
        var connection = new SqliteConnection(_readConnectionString);
        SqliteTransaction? transaction = null;
        try
        {
            await connection.OpenAsync(ct);
            // Deferred: the snapshot starts at the first read, the generation check, and holds for the whole search.
            transaction = connection.BeginTransaction(deferred: true);
            await using var command = SqliteSearchWriter.Command(connection, transaction, "SELECT Generation FROM SearchState WHERE Id = 1");
            if ((long)(await command.ExecuteScalarAsync(ct) ?? -1L) == generation)
            {
                Interlocked.Increment(ref _searches);
                var opened = transaction;
                return new SqliteSearchStore(connection, transaction, () =>
                {
                    opened.Dispose();
                    connection.Dispose();
                    return ValueTask.CompletedTask;
                });
            }
        }
        catch (SqliteException e)
        {
            LogUnreadable(_log, e.Message);
            transaction?.Dispose();
            await connection.DisposeAsync();
            if (Volatile.Read(ref _syncing) == 0)
            {
                Discard();
            }
            else
            {
                Volatile.Write(ref _generation, -1);
            }
            CatchUp();
            return null;
        }
        catch
        {
            // Cancelled, most likely: the connection goes back to the pool rather than to the finaliser.
            transaction?.Dispose();
            await connection.DisposeAsync();
            throw;
        }
        transaction?.Dispose();
        await connection.DisposeAsync();
        CatchUp();
        return null;
    }

    /// <summary>Starts bringing the replica up to the shared index's generation, unless it is already on its way or waiting out a failure.</summary>
    public void CatchUp()
    {
        if (_stopping.IsCancellationRequested || Stopwatch.GetTimestamp() < Volatile.Read(ref _retryAt)
            || Interlocked.CompareExchange(ref _syncing, 1, 0) != 0)
        {
            return;
        }
        _sync = Task.Run(async () =>
        {
            try
            {
                // Until nothing changed: a publish during a long first catch-up is taken in the next round.
                while (await SyncAsync(_stopping.Token))
                {
                }
                _failed = false;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException or TimeoutException)
            {
                if (e is SqliteException)
                {
                    // The file itself failed (damaged, removed, disk full): the next try starts a new one.
                    Discard();
                }
                _failed = true;
                Volatile.Write(ref _retryAt, Stopwatch.GetTimestamp() + (long)(RetryAfter.TotalSeconds * Stopwatch.Frequency));
                LogCatchUpFailed(_log, RetryAfter.TotalSeconds, e);
            }
            finally
            {
                Volatile.Write(ref _syncing, 0);
            }
        });
    }

    /// <summary>
    /// For <c>/readyz</c>: degraded (still served: PostgreSQL answers the searches) until the replica has caught up once,
    /// or while its last catch-up failed. It starts nothing: the search warm-up starts the first catch-up, once jieba's
    /// dictionary is loaded (both at once raised a 10,000-guide server's peak memory), and searches start the later ones.
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var generation = Generation;
        return Task.FromResult(_failed ? HealthCheckResult.Degraded("search replica failed to catch up: searches go to PostgreSQL")
            : generation < 0 ? HealthCheckResult.Degraded("search replica catching up: searches go to PostgreSQL meanwhile")
            : HealthCheckResult.Healthy($"search replica at generation {generation}"));
    }

    /// <summary>Waits for the catch-up under way, if any (tests, and the benchmark's start).</summary>
    public Task CaughtUpAsync() => _sync;

    /// <summary>One catch-up round; false when the replica already held the current generation.</summary>
    private async Task<bool> SyncAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var source = (NpgsqlConnection)db.Database.GetDbConnection();
        var pgTransaction = (NpgsqlTransaction)snapshot.GetDbTransaction();

        long generation;
        await using (var read = new NpgsqlCommand("""SELECT "Generation" FROM "SearchState" WHERE "Id" = 1""", source, pgTransaction))
        {
            generation = (long)(await read.ExecuteScalarAsync(ct) ?? 0L);
        }
        if (generation == Generation)
        {
            return false;
        }
        var stamps = new Dictionary<int, long>();
        await using (var read = new NpgsqlCommand("""SELECT "GuideId", xmin::text::bigint FROM "SearchPassages" """, source, pgTransaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                stamps[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        await using var replica = new SqliteConnection(_connectionString);
        await replica.OpenAsync(ct);
        await using (var schema = SqliteSearchWriter.Command(replica, null, Schema))
        {
            await schema.ExecuteNonQueryAsync(ct);
        }
        var held = new Dictionary<int, long>();
        await using (var read = SqliteSearchWriter.Command(replica, null, "SELECT GuideId, Stamp FROM ReplicaStamps"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                held[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }
        var changed = stamps.Where(s => !held.TryGetValue(s.Key, out var stamp) || stamp != s.Value).Select(s => s.Key).ToArray();
        var removed = held.Keys.Where(id => !stamps.ContainsKey(id)).ToArray();
        var slugs = await db.Guides.AsNoTracking().Where(g => changed.Contains(g.Id)).Select(g => g.Slug).ToListAsync(ct);

        await using (var transaction = replica.BeginTransaction())
        {
            await using (var delete = SqliteSearchWriter.Command(replica, transaction, SqliteSearchWriter.DeleteSql + " DELETE FROM ReplicaStamps WHERE GuideId = $id;"))
            {
                var id = delete.Parameters.Add("$id", SqliteType.Integer);
                foreach (var guide in removed)
                {
                    id.Value = guide;
                    await delete.ExecuteNonQueryAsync(ct);
                }
            }
            await SqliteSearchWriter.WriteAsync(db, replica, transaction, slugs, SearchIndex.Version, ct, conserveMemory: true);
            await using (var stamp = SqliteSearchWriter.Command(replica, transaction, "INSERT OR REPLACE INTO ReplicaStamps (GuideId, Stamp) VALUES ($id, $stamp)"))
            {
                var id = stamp.Parameters.Add("$id", SqliteType.Integer);
                var value = stamp.Parameters.Add("$stamp", SqliteType.Integer);
                foreach (var guide in changed)
                {
                    id.Value = guide;
                    value.Value = stamps[guide];
                    await stamp.ExecuteNonQueryAsync(ct);
                }
            }
            await using (var state = SqliteSearchWriter.Command(replica, transaction, "UPDATE SearchState SET Generation = $generation WHERE Id = 1"))
            {
                state.Parameters.AddWithValue("$generation", generation);
                await state.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        if (changed.Length + removed.Length > BulkSize)
        {
            // A first catch-up wrote the whole file (200 MB at 10,000 guides) into the write-ahead log first: copied into
            // the file now, before searches read it, and the log truncated, rather than kept beside the file on disk.
            await using var checkpoint = SqliteSearchWriter.Command(replica, null, "PRAGMA wal_checkpoint(TRUNCATE)");
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
        Volatile.Write(ref _generation, generation);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        LogCaughtUp(_log, generation, changed.Length, removed.Length, seconds);
        return true;
    }

    /// <summary>Deletes the replica files of processes that no longer run (a crash, a kill).</summary>
    private void RemoveLeftovers(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, FilePrefix + "*.db*"))
        {
            var name = System.IO.Path.GetFileName(file)[FilePrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], System.Globalization.CultureInfo.InvariantCulture, out var pid) && !Running(pid))
            {
                TryDelete(file);
            }
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException e)
        {
            LogNotDeleted(_log, file, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            LogNotDeleted(_log, file, e.Message);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _sync.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Logged where it failed.
        }
        Discard();
        _stopping.Dispose();
    }

    /// <summary>Closes the pooled connections and deletes the file: searches go to PostgreSQL until a catch-up rebuilds it.</summary>
    private void Discard()
    {
        Volatile.Write(ref _generation, -1);
        foreach (var pooled in new[] { _connectionString, _readConnectionString })
        {
            using var connection = new SqliteConnection(pooled);
            SqliteConnection.ClearPool(connection);
        }
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            if (File.Exists(file))
            {
                TryDelete(file);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search replica at generation {Generation}: {Changed} guides written, {Removed} removed in {Seconds:0.00} s")]
    private static partial void LogCaughtUp(ILogger log, long generation, int changed, int removed, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search replica could not catch up (searches go to PostgreSQL; next try in {Seconds} s)")]
    private static partial void LogCatchUpFailed(ILogger log, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search replica unreadable, rebuilding it (searches go to PostgreSQL meanwhile): {Problem}")]
    private static partial void LogUnreadable(ILogger log, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the search replica file {File}: {Problem}")]
    private static partial void LogNotDeleted(ILogger log, string file, string problem);
}
