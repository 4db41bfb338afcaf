using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using static AccountExit.Web.Search.SearchIndex;

namespace AccountExit.Web.Search;

/// <summary>
/// What <see cref="SearchIndex"/> asks of the index for one search, on one open connection: the provider-specific part.
/// A match is an FTS5 expression as <see cref="SearchText"/> writes it (SQLite runs it as is; PostgreSQL translates it,
/// see <see cref="PostgreSql.PostgreSqlSearchStore"/>); <c>table</c> is <c>SearchTerms</c> (every text column) or
/// <c>SearchNames</c> (names only).
/// </summary>
public abstract class SearchStore : IAsyncDisposable
{
    public static async Task<SearchStore> OpenAsync(AppDb db, CancellationToken ct) => db.Database.IsNpgsql()
        ? await PostgreSql.PostgreSqlSearchStore.ConnectAsync(db, ct)
        : await Sqlite.SqliteSearchStore.ConnectAsync(db, ct);

    /// <summary>The index generation: every write bumps it.</summary>
    public abstract Task<long> GenerationAsync(CancellationToken ct);

    /// <summary>How many guides match, counting no further than one past <see cref="MaxCount"/>.</summary>
    public abstract Task<int> CountAsync(string table, string match, CancellationToken ct);

    /// <summary>The first ids that match, in index order.</summary>
    public abstract Task<List<int>> IdsAsync(string table, string match, int max, CancellationToken ct);

    /// <summary>Appends the best text matches not already ranked, by rank or (for huge sets) in index order with score 0.</summary>
    public abstract Task AddAsync(List<(int Id, double Score)> ranked, string match, bool byRank, int limit, CancellationToken ct);

    /// <summary>
    /// The ranked guides' names and facts (from the catalog: a guide it does not hold is no longer published and is left
    /// out), each with a snippet from its passages, in the order given.
    /// </summary>
    public abstract Task<List<Hit>> DetailsAsync(List<(int Id, double Score)> ranked, NameCatalog catalog, List<string> words, CancellationToken ct);

    /// <summary>An empty query: every published guide (filtered), by slug.</summary>
    public abstract Task<Result> ListAsync(string? category, string? difficulty, int limit, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// The hits in ranked order, for the ranked guides the catalog holds: <paramref name="snippets"/> has a guide's snippet
    /// when its passages were read (every indexed guide has them); otherwise its summary stands in.
    /// </summary>
    protected static List<Hit> Hits(List<(int Id, double Score)> ranked, NameCatalog catalog, Dictionary<int, Snippet> snippets, Snippet.Words words)
    {
        var hits = new List<Hit>(ranked.Count);
        foreach (var (id, score) in ranked)
        {
            if (catalog.Find(id) is { } e)
            {
                var snippet = snippets.GetValueOrDefault(id) ?? Snippet.Build([], e.Summary, words);
                hits.Add(new Hit(e.Slug, e.Name, e.NameEn, e.Company, e.Category, e.Difficulty, e.Outcome, e.Summary, snippet, score));
            }
        }
        return hits;
    }

    /// <summary>The rows of a listing (slug, name, English name, company, category, difficulty, outcome, summary), the summary as snippet.</summary>
    protected static async Task<List<Hit>> ListedAsync(System.Data.Common.DbCommand command, CancellationToken ct)
    {
        var hits = new List<Hit>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var summary = reader.GetString(7);
            hits.Add(new Hit(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), summary, new Snippet([new Snippet.Part(summary, false)]), 0));
        }
        return hits;
    }
}
