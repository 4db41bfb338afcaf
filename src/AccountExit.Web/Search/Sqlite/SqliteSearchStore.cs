using System.Text.Json;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;
using static AccountExit.Web.Search.SearchIndex;

namespace AccountExit.Web.Search.Sqlite;

/// <summary>
/// Search queries on SQLite: FTS5 <c>MATCH</c> expressions as <see cref="SearchText"/> writes them, ranked by bm25. On
/// the site's own database, or on a <see cref="PostgreSql.SearchReplica"/> (which has no Guides table: lists are asked
/// of PostgreSQL), inside a read transaction the replica holds for the length of one search.
/// </summary>
public sealed class SqliteSearchStore(SqliteConnection connection, SqliteTransaction? transaction, Func<ValueTask> close) : SearchStore
{

    /// <summary>bm25 weights of the columns names, headings, body, facets: a name match outranks a heading, a heading a paragraph.</summary>
    private const string Rank = "bm25(SearchTerms, 20.0, 4.0, 1.0, 0.0)";

    /// <summary>
    /// "Guide g is published", answered from the IsPublished index: the column itself is the last of a wide row,
    /// behind the Markdown and HTML in overflow pages, so reading it costs a page read per result (docs/performance.md,
    /// "Measured in the search code").
    /// </summary>
    private const string PublishedOnly =
        "EXISTS (SELECT 1 FROM Guides p INDEXED BY IX_Guides_IsPublished WHERE p.IsPublished = 1 AND p.Id = g.Id)";

    public static async Task<SqliteSearchStore> ConnectAsync(AppDb db, CancellationToken ct) =>
        new(await SqliteSearchWriter.OpenAsync(db, ct), (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            () => new(db.Database.CloseConnectionAsync()));

    public override Task<long> GenerationAsync(CancellationToken ct)
    {
        long generation = 0;
        Step("SELECT Generation FROM SearchState WHERE Id = 1", null, null, statement =>
        {
            generation = raw.sqlite3_column_int64(statement, 0);
            return false;
        }, ct);
        return Task.FromResult(generation);
    }

    /// <summary>How many guides match, counting no further than one past <see cref="MaxCount"/>.</summary>
    public override Task<int> CountAsync(string table, string match, CancellationToken ct)
    {
        var count = 0;
        Step($"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ?1 LIMIT ?2)", match, MaxCount + 1, statement =>
        {
            count = raw.sqlite3_column_int(statement, 0);
            return false;
        }, ct);
        return Task.FromResult(count);
    }

    /// <summary>The first rowids that match, in index order.</summary>
    public override Task<List<int>> IdsAsync(string table, string match, int max, CancellationToken ct)
    {
        var ids = new List<int>();
        Step($"SELECT rowid FROM {table} WHERE {table} MATCH ?1 LIMIT ?2", match, max, statement =>
        {
            ids.Add(raw.sqlite3_column_int(statement, 0));
            return true;
        }, ct);
        return Task.FromResult(ids);
    }

    /// <summary>Appends the best text matches not already ranked, by bm25 or (for huge sets) in index order with score 0.</summary>
    public override Task AddAsync(List<(int Id, double Score)> ranked, string match, bool byRank, int limit, CancellationToken ct)
    {
        if (ranked.Count < limit)
        {
            Step(byRank
                ? $"SELECT rowid, -{Rank} AS score FROM SearchTerms WHERE SearchTerms MATCH ?1 ORDER BY score DESC LIMIT ?2"
                : "SELECT rowid, 0.0 FROM SearchTerms WHERE SearchTerms MATCH ?1 LIMIT ?2", match, limit + ranked.Count, statement =>
            {
                var id = raw.sqlite3_column_int(statement, 0);
                if (!ranked.Exists(r => r.Id == id))
                {
                    ranked.Add((id, Math.Round(raw.sqlite3_column_double(statement, 1), 3)));
                }
                return ranked.Count < limit;
            }, ct);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs a statement through SQLitePCL's raw API with, if given, a text as ?1 and a limit as ?2, one row at a time to
    /// <paramref name="row"/> until it returns false. Ids and scores, up to a thousand for a common character's names,
    /// cost three times what SQLite spent finding them when read through SqliteDataReader (an asynchronous read and an
    /// allocation per row); a page's details are read in place (see DetailsAsync). A count or the generation, one row,
    /// still cost a SqliteCommand, its parameter collection and a data reader each, several times a search.
    /// </summary>
    private void Step(string sql, string? text, int? limit, Func<sqlite3_stmt, bool> row, CancellationToken ct)
    {
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            if (text is not null)
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, 1, text), handle);
            }
            if (limit is { } max)
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int(statement, 2, max), handle);
            }
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                ct.ThrowIfCancellationRequested();
                if (!row(statement))
                {
                    return;
                }
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, handle);
            }
        }
    }

    /// <summary>
    /// Each ranked guide's snippet, from its passages (about 5 KB, 20 per page), read in place through SQLitePCL's raw
    /// API (the library under Microsoft.Data.Sqlite) with sqlite3_column_blob: SqliteDataReader copies every text or blob
    /// value into a new array, and those copies were two thirds of the bytes a search allocated, which the garbage
    /// collector then had to clean up. The rest of a hit comes from the name catalog, not from the wide Guides rows.
    /// </summary>
    public override Task<List<Hit>> DetailsAsync(List<(int Id, double Score)> ranked, NameCatalog catalog, List<string> words, CancellationToken ct)
    {
        var highlighted = new Snippet.Words(words);
        var snippets = new Dictionary<int, Snippet>(ranked.Count);
        Step("SELECT GuideId, Text FROM SearchPassages WHERE GuideId IN (SELECT value FROM json_each(?1))",
            JsonSerializer.Serialize(ranked.Select(r => r.Id)), null, statement =>
            {
                var id = raw.sqlite3_column_int(statement, 0);
                if (catalog.Find(id) is { } entry)
                {
                    snippets[id] = Snippet.Build(raw.sqlite3_column_blob(statement, 1), entry.Summary, highlighted);
                }
                return true;
            }, ct);
        return Task.FromResult(Hits(ranked, catalog, snippets, highlighted));
    }

    /// <summary>An empty query: every published guide (filtered), by name.</summary>
    public override async Task<Result> ListAsync(string? category, string? difficulty, int limit, CancellationToken ct)
    {
        await using var command = Command(
            $"""
            SELECT Slug, Name, NameEn, Company, Category, Difficulty, Outcome, Summary
            FROM Guides g WHERE {PublishedOnly}
              AND ($category IS NULL OR Category = $category) AND ($difficulty IS NULL OR Difficulty = $difficulty)
            ORDER BY Slug LIMIT $limit
            """);
        command.Parameters.AddWithValue("$category", (object?)category ?? DBNull.Value);
        command.Parameters.AddWithValue("$difficulty", (object?)difficulty ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var hits = await ListedAsync(command, ct);
        var count = hits.Count;
        if (count == limit)
        {
            // Counted on the index of published guides (facets), not by reading every wide Guides row.
            await using var counter = Command("SELECT count(*) FROM SearchTerms WHERE SearchTerms MATCH $match");
            var match = string.Join(" AND ", new[] { ("category", category), ("difficulty", difficulty) }
                .Select(f => f.Item2 is null ? "facets : " + f.Item1 + "*" : "facets : \"" + SearchIndex.Facet(f.Item1, f.Item2) + "\""));
            counter.Parameters.AddWithValue("$match", match);
            count = Convert.ToInt32(await counter.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Result(count, hits, null, [], []);
    }

    public override ValueTask DisposeAsync() => close();

    private SqliteCommand Command(string sql) => SqliteSearchWriter.Command(connection, transaction, sql);
}
