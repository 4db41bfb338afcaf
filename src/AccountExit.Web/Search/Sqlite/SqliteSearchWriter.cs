using AccountExit.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AccountExit.Web.Search.Sqlite;

/// <summary>
/// The search index on SQLite (tables from the migration AddSearchIndex): the FTS5 tables <c>SearchTerms</c> and
/// <c>SearchNames</c>, <c>SearchPassages</c> and <c>SearchState</c>, written inside the caller's transaction.
/// </summary>
public static class SqliteSearchWriter
{
    private const int ChunkSize = 256;

    /// <summary>Guides read and tokenised at a time when memory matters more than speed (a server's search replica).</summary>
    private const int SmallChunkSize = 32;

    /// <summary>When memory matters more than speed, how many guides are written between two full garbage collections.</summary>
    private const int CollectEvery = 1024;

    public static async Task UpdateAsync(AppDb db, IReadOnlyCollection<string> slugs, int version, CancellationToken ct)
    {
        var connection = await OpenAsync(db, ct);
        try
        {
            var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            await WriteAsync(db, connection, transaction, slugs, version, ct);
            await using var bump = Command(connection, transaction, "UPDATE SearchState SET Generation = Generation + 1 WHERE Id = 1");
            await bump.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Brings these guides' rows of the FTS5 tables and <c>SearchPassages</c> on <paramref name="connection"/> in line with
    /// their Guides rows in <paramref name="source"/> (the same database, or PostgreSQL for a <see cref="PostgreSql.SearchReplica"/>):
    /// a published guide is (re)written, any other removed. The generation is the caller's to set.
    /// </summary>
    /// <param name="conserveMemory">
    /// Off (an import): a bulk update gets a 64 MB page cache and tokenises 256 guides at a time. On for a server's search
    /// replica, whose memory is the server's: 32 at a time, the default 2 MB cache, and a full collection now and then
    /// (at 10,000 guides the server peaked at 398 MB with the import's settings, 302 MB with these).
    /// </param>
    internal static async Task WriteAsync(AppDb source, SqliteConnection connection, SqliteTransaction? transaction,
        IReadOnlyCollection<string> slugs, int version, CancellationToken ct, bool conserveMemory = false)
    {
        var bulk = slugs.Count > ChunkSize;
        var bigCache = bulk && !conserveMemory;
        try
        {
            if (bigCache)
            {
                // FTS5 merges its segments as it goes; a larger page cache for the length of a bulk update keeps them
                // in memory instead of re-reading them (measured: see docs/search.md).
                await using var pragma = Command(connection, transaction, "PRAGMA cache_size = -65536");
                await pragma.ExecuteNonQueryAsync(ct);
            }
            await using var delete = Command(connection, transaction, DeleteSql);
            var deleteId = delete.Parameters.Add("$id", SqliteType.Integer);
            await using var insert = Command(connection, transaction,
                "INSERT INTO SearchTerms (rowid, names, headings, body, facets) VALUES ($id, $names, $headings, $body, $facets); " +
                "INSERT INTO SearchNames (rowid, names, facets) VALUES ($id, $names, $facets); " +
                "INSERT INTO SearchPassages (GuideId, Version, Text) VALUES ($id, $version, $passages);");
            var insertId = insert.Parameters.Add("$id", SqliteType.Integer);
            var names = insert.Parameters.Add("$names", SqliteType.Text);
            var headings = insert.Parameters.Add("$headings", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            var passages = insert.Parameters.Add("$passages", SqliteType.Text);
            var facets = insert.Parameters.Add("$facets", SqliteType.Text);
            insert.Parameters.AddWithValue("$version", version);

            var sinceCollection = 0;
            foreach (var chunk in slugs.Distinct(StringComparer.Ordinal).Chunk(conserveMemory ? SmallChunkSize : ChunkSize))
            {
                if (conserveMemory && (sinceCollection += chunk.Length) > CollectEvery)
                {
                    // Tokenising leaves about 250 KB of garbage a guide, much of it promoted while a chunk is written; a
                    // full collection every thousand guides kept a server's peak during a 10,000-guide catch-up 7 MB
                    // lower, for about 10 collections of a 100 MB heap.
                    sinceCollection = 0;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
                foreach (var guide in await GuideText.LoadAsync(source, chunk, ct))
                {
                    deleteId.Value = guide.Id;
                    await delete.ExecuteNonQueryAsync(ct);
                    if (guide.Text is { } text)
                    {
                        insertId.Value = guide.Id;
                        names.Value = text.Names;
                        headings.Value = text.Headings;
                        body.Value = text.Body;
                        passages.Value = text.Passages;
                        facets.Value = SearchIndex.Facet("category", guide.Category) + " " + SearchIndex.Facet("difficulty", guide.Difficulty);
                        await insert.ExecuteNonQueryAsync(ct);
                    }
                }
            }
            if (bulk)
            {
                // A bulk update leaves the index in dozens of segments, and every term a query looks up is looked up
                // in each of them: merged into one, a name query's SQL takes half the time (docs/performance.md, "Measured
                // in the search code").
                await using var optimize = Command(connection, transaction,
                    "INSERT INTO SearchTerms (SearchTerms) VALUES ('optimize'); INSERT INTO SearchNames (SearchNames) VALUES ('optimize');");
                await optimize.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (bigCache)
            {
                await using var pragma = Command(connection, transaction, "PRAGMA cache_size = -2000");
                await pragma.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Removes one guide's rows (<c>$id</c>) from the FTS5 tables and the passages.</summary>
    internal const string DeleteSql =
        "DELETE FROM SearchTerms WHERE rowid = $id; DELETE FROM SearchNames WHERE rowid = $id; DELETE FROM SearchPassages WHERE GuideId = $id;";

    internal static async Task<SqliteConnection> OpenAsync(AppDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return (SqliteConnection)db.Database.GetDbConnection();
    }

    /// <summary>A command on the connection, enlisted in the transaction if there is one.</summary>
    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
