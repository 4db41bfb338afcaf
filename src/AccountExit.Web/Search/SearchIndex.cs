using System.Collections.Concurrent;
using System.Text.Json;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace AccountExit.Web.Search;

/// <summary>
/// Full-text search over published guides (design in docs/search.md). The index lives in the same SQLite file as the
/// guides, in tables the migration AddSearchIndex creates outside the EF model: <c>SearchTerms</c> (a contentless
/// FTS5 table with columns names, headings, body and facets, filled with <see cref="SearchText.IndexTokens"/>),
/// <c>SearchNames</c> (the names column alone, for a cheap names-first tier), <c>SearchPassages</c> (plain text quoted in snippets) and <c>SearchState</c> (a generation number that tells
/// every server when to reload its <see cref="NameCatalog"/>). Writers call <see cref="UpdateAsync"/> inside their
/// transaction, so the index always says what the committed guides say.
/// </summary>
public sealed class SearchIndex(IOptions<AccountExitOptions> options) : IDisposable
{
    /// <summary>Bump when the tokens or passages change: the next import re-indexes every guide.</summary>
    public const int Version = 1;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    /// <summary>bm25 weights of the columns names, headings, body, facets: a name match outranks a heading, a heading a paragraph.</summary>
    private const string Rank = "bm25(SearchTerms, 20.0, 4.0, 1.0, 0.0)";
    private const int ChunkSize = 256;

    /// <summary>
    /// "Guide g is published", answered from the IsPublished index: the column itself is the last of a wide row,
    /// behind the Markdown and HTML in overflow pages, and reading it cost about 100 µs per result.
    /// </summary>
    private const string PublishedOnly =
        "EXISTS (SELECT 1 FROM Guides p INDEXED BY IX_Guides_IsPublished WHERE p.IsPublished = 1 AND p.Id = g.Id)";

    /// <summary>
    /// Counting stops here, and above it ranking switches from bm25 over every match to tiers (see RankAsync): both
    /// walk the whole match set, which for a common character is every guide.
    /// </summary>
    public const int MaxCount = 1000;

    /// <summary>The score of a name match when a query matches more than <see cref="MaxCount"/> guides (the other matches score 0).</summary>
    public const double NameTierScore = 1.0;

    private NameCatalog? _catalog;
    private readonly SemaphoreSlim _catalogLoad = new(1, 1);

    public void Dispose() => _catalogLoad.Dispose();

    /// <summary>
    /// Answers to recent queries, keyed by index generation and normalised query, so any index write makes them
    /// unreachable. Emptied when full: popular queries come back at once, and a flood of unique ones costs nothing more
    /// than no cache. Size <c>AccountExit:SearchCacheEntries</c>; 0 switches it off.
    /// </summary>
    private readonly ConcurrentDictionary<(long Generation, string Key), Result> _results = new();

    public sealed record Hit(string Slug, string Name, string NameEn, string Company, string Category, string Difficulty,
        string Outcome, string Summary, Snippet Snippet, double Score);

    public sealed record Suggestion(string Slug, string Name);

    /// <param name="Count">How many published guides match in all (Hits holds at most the limit), up to <see cref="MaxCount"/>.</param>
    /// <param name="CountIsCapped">More than <see cref="MaxCount"/> guides match: show the count as "1000+".</param>
    /// <param name="CorrectedQuery">When nothing matched as typed but a near name did: the query that was searched instead.</param>
    /// <param name="DidYouMean">When nothing matched at all: guides with a name close to the query.</param>
    /// <param name="Popular">When nothing matched at all: platforms people often look for.</param>
    /// <param name="NotCovered">The query names a well-known platform no guide covers yet ("抖音"): say so, offer to ask for one.</param>
    public sealed record Result(int Count, IReadOnlyList<Hit> Hits, string? CorrectedQuery, IReadOnlyList<Suggestion> DidYouMean,
        IReadOnlyList<Suggestion> Popular, bool CountIsCapped = false, string? NotCovered = null);

    /// <summary>
    /// Brings the index in line with the Guides rows of these slugs: a published guide is (re)indexed, any other is
    /// removed. Call it inside the transaction that changed them (the importer does, before it commits; so must an
    /// editor's publish or unpublish), after SaveChanges, so a rollback takes the index change back too.
    /// </summary>
    public static async Task UpdateAsync(AppDb db, IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        if (slugs.Count == 0)
        {
            return;
        }
        if (db.Database.IsNpgsql())
        {
            await PostgreSql.PostgreSqlSearchWriter.UpdateAsync(db, slugs, Version, ct);
            return;
        }
        var connection = await OpenAsync(db, ct);
        var bulk = slugs.Count > ChunkSize;
        try
        {
            if (bulk)
            {
                // FTS5 merges its segments as it goes; a larger page cache for the length of a bulk update keeps them
                // in memory instead of re-reading them (measured: see docs/search.md).
                await using var pragma = Command(db, connection, "PRAGMA cache_size = -65536");
                await pragma.ExecuteNonQueryAsync(ct);
            }
            await using var delete = Command(db, connection,
                "DELETE FROM SearchTerms WHERE rowid = $id; DELETE FROM SearchNames WHERE rowid = $id; " +
                "DELETE FROM SearchPassages WHERE GuideId = $id;");
            var deleteId = delete.Parameters.Add("$id", SqliteType.Integer);
            await using var insert = Command(db, connection,
                "INSERT INTO SearchTerms (rowid, names, headings, body, facets) VALUES ($id, $names, $headings, $body, $facets); " +
                "INSERT INTO SearchNames (rowid, names, facets) VALUES ($id, $names, $facets); " +
                "INSERT INTO SearchPassages (GuideId, Version, Text) VALUES ($id, $version, $passages);");
            var insertId = insert.Parameters.Add("$id", SqliteType.Integer);
            var names = insert.Parameters.Add("$names", SqliteType.Text);
            var headings = insert.Parameters.Add("$headings", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            var passages = insert.Parameters.Add("$passages", SqliteType.Text);
            var facets = insert.Parameters.Add("$facets", SqliteType.Text);
            insert.Parameters.AddWithValue("$version", Version);

            foreach (var chunk in slugs.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
            {
                foreach (var guide in await GuideText.LoadAsync(db, chunk, ct))
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
                        facets.Value = Facet("category", guide.Category) + " " + Facet("difficulty", guide.Difficulty);
                        await insert.ExecuteNonQueryAsync(ct);
                    }
                }
            }
            if (bulk)
            {
                // A bulk update leaves the index in dozens of segments, and every term a query looks up is looked up
                // in each of them: merged into one, a name query's SQL took 25 µs instead of 55 (docs/search.md).
                await using var optimize = Command(db, connection,
                    "INSERT INTO SearchTerms (SearchTerms) VALUES ('optimize'); INSERT INTO SearchNames (SearchNames) VALUES ('optimize');");
                await optimize.ExecuteNonQueryAsync(ct);
            }
            await using var bump = Command(db, connection, "UPDATE SearchState SET Generation = Generation + 1 WHERE Id = 1");
            await bump.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (bulk)
            {
                await using var pragma = Command(db, connection, "PRAGMA cache_size = -2000");
                await pragma.ExecuteNonQueryAsync(ct);
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Slugs whose index entry is missing, out of date (<see cref="Version"/>) or left over from an unpublished guide.</summary>
    public static async Task<List<string>> StaleSlugsAsync(AppDb db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<string>(
            """
            SELECT g."Slug" AS "Value" FROM "Guides" g LEFT JOIN "SearchPassages" p ON p."GuideId" = g."Id"
            WHERE (g."IsPublished" AND (p."GuideId" IS NULL OR p."Version" <> {0})) OR (NOT g."IsPublished" AND p."GuideId" IS NOT NULL)
            """, Version).ToListAsync(ct);

    /// <summary>Empties the index and indexes every published guide, in one transaction. Returns how many guides it indexed.</summary>
    public static async Task<int> RebuildAsync(AppDb db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
            ? "DELETE FROM \"SearchTerms\"; DELETE FROM \"SearchPassages\";"
            : "DELETE FROM SearchTerms; DELETE FROM SearchNames; DELETE FROM SearchPassages;", ct);
        var published = await db.Guides.Where(g => g.IsPublished).Select(g => g.Slug).ToListAsync(ct);
        await UpdateAsync(db, published, ct);
        await transaction.CommitAsync(ct);
        return published.Count;
    }

    public async Task<Result> SearchAsync(AppDb db, string? query, string? category, string? difficulty, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        category = category is not null && Vocabulary.Categories.ContainsKey(category) ? category : null;
        difficulty = difficulty is not null && Vocabulary.Difficulties.ContainsKey(difficulty) ? difficulty : null;
        var terms = SearchText.Terms(query);

        var connection = await OpenAsync(db, ct);
        try
        {
            if (terms.Count == 0)
            {
                return await ListAsync(db, connection, category, difficulty, limit, ct);
            }
            var catalog = await CatalogAsync(db, connection, ct);
            var key = (catalog.Generation, $"{string.Join(' ', terms)}\u0001{category}\u0001{difficulty}\u0001{limit}");
            if (_results.TryGetValue(key, out var cached))
            {
                return cached;
            }
            var result = await FindAsync(db, connection, catalog, terms, category, difficulty, limit, ct);
            var capacity = options.Value.SearchCacheEntries;
            if (capacity > 0)
            {
                if (_results.Count >= capacity)
                {
                    _results.Clear();
                }
                _results[key] = result;
            }
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<Result> FindAsync(AppDb db, SqliteConnection connection, NameCatalog catalog, List<string> terms,
        string? category, string? difficulty, int limit, CancellationToken ct)
    {
        var (count, ranked) = await RankAsync(db, connection, catalog, terms, category, difficulty, limit, ct);
        var plan = QueryPlan.Understand(terms, catalog);
        if (!plan.IsPlain)
        {
            return await UnderstoodAsync(db, connection, catalog, terms, plan, count, ranked, category, difficulty, limit, ct);
        }
        string? corrected = null;
        if (count == 0)
        {
            var fixedTerms = terms.Select(t => catalog.Correct(t) ?? t).ToList();
            if (!fixedTerms.SequenceEqual(terms, StringComparer.Ordinal))
            {
                (count, ranked) = await RankAsync(db, connection, catalog, fixedTerms, category, difficulty, limit, ct);
                if (count > 0)
                {
                    corrected = string.Join(' ', fixedTerms);
                    terms = fixedTerms;
                }
            }
        }
        if (count == 0)
        {
            var similar = terms.SelectMany(catalog.Similar).DistinctBy(e => e.Id).Take(5);
            return new Result(0, [], null, [.. similar.Select(e => new Suggestion(e.Slug, e.Name))],
                [.. catalog.Popular.Select(e => new Suggestion(e.Slug, e.Name))]);
        }
        var hits = Details(connection, ranked, SearchText.HighlightWords(terms), ct);
        return new Result(Math.Min(count, MaxCount), hits, corrected, [], [], count > MaxCount);
    }

    /// <summary>
    /// A query that was understood (<see cref="QueryPlan"/>): the platforms it names first (a Latin word that matches
    /// nothing but is a typo of a name counts as naming it), then the query as typed, then guides with every meaningful
    /// and generic word, with every meaningful word, with any meaningful word of two characters or more (bm25 ranks
    /// those with more of them higher), and, only when nothing else matched, with any generic word. Each step adds
    /// guides not yet ranked until the page is full, so partial matches are results and the count is that of the
    /// widest match.
    /// </summary>
    private static async Task<Result> UnderstoodAsync(AppDb db, SqliteConnection connection, NameCatalog catalog, List<string> terms,
        QueryPlan plan, int strictCount, List<(int Id, double Score)> strict, string? category, string? difficulty, int limit,
        CancellationToken ct)
    {
        var filters = Filters(category, difficulty);
        var platforms = plan.Platforms.ToList();
        var platformWords = plan.PlatformWords.ToList();
        var words = new List<string>();
        string? corrected = null;
        foreach (var word in plan.Words)
        {
            if (catalog.Correct(word) is { } name && catalog.Exact(word).Count == 0
                && await CountAsync(db, connection, "SearchTerms", SearchText.MatchExpression([word], TextColumns)!, ct) == 0)
            {
                platforms.AddRange(catalog.Exact(name).Where(e => !platforms.Contains(e)));
                platformWords.Add(name);
                corrected = string.Join(' ', terms.Select(t => t == word ? name : t));
                continue;
            }
            words.Add(word);
        }
        var ranked = platforms
            .Where(e => (category is null || e.Category == category) && (difficulty is null || e.Difficulty == difficulty))
            .Select(e => (e.Id, Score: 1000.0)).ToList();
        foreach (var hit in strict.Where(h => !ranked.Exists(r => r.Id == h.Id)))
        {
            ranked.Add(hit);
        }
        var count = strictCount;
        string?[] steps =
        [
            words.Count > 0 && plan.Generic.Count > 0 ? SearchText.MatchExpression([.. words, .. plan.Generic], TextColumns) : null,
            SearchText.MatchExpression(words, TextColumns),
            // Any of the words, but not a single Chinese character left over (不, 为): nearly every guide has those.
            words.Count > 1 ? SearchText.MatchAny(words.Where(w => w.Length > 1 || w.All(char.IsAsciiLetterOrDigit)), TextColumns) : null,
        ];
        foreach (var step in steps.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var stepCount = await CountAsync(db, connection, "SearchTerms", step + filters, ct);
            count = Math.Max(count, stepCount);
            if (stepCount > 0)
            {
                await AddAsync(db, connection, ranked, step + filters, byBm25: stepCount <= MaxCount, limit, ct);
            }
        }
        if (ranked.Count == 0 && SearchText.MatchAny(plan.Generic, TextColumns) is { } anyGeneric)
        {
            count = await CountAsync(db, connection, "SearchTerms", anyGeneric + filters, ct);
            await AddAsync(db, connection, ranked, anyGeneric + filters, byBm25: count <= MaxCount, limit, ct);
        }
        count = Math.Max(count, ranked.Count);
        if (ranked.Count == 0)
        {
            return new Result(0, [], null, [], [.. catalog.Popular.Select(e => new Suggestion(e.Slug, e.Name))], NotCovered: plan.NotCovered);
        }
        // The query's own terms too when they matched as typed: the longest match is marked whole.
        var highlights = SearchText.HighlightWords([.. strictCount > 0 ? terms : [], .. words, .. plan.Generic, .. platformWords,
            .. platforms.Select(e => e.Name)]);
        var hits = Details(connection, [.. ranked.Take(limit)], highlights, ct);
        return new Result(Math.Min(count, MaxCount), hits, corrected, [], [], count > MaxCount, plan.NotCovered);
    }

    private const string TextColumns = "{names headings body}";

    private static string Filters(string? category, string? difficulty) =>
        (category is null ? "" : " AND facets : \"" + Facet("category", category) + "\"")
        + (difficulty is null ? "" : " AND facets : \"" + Facet("difficulty", difficulty) + "\"");

    /// <summary>
    /// Exact name, alias, pinyin or initials matches first, then the FTS5 ranking. bm25 costs about two microseconds
    /// per matching guide (it walks every occurrence), so a query that matches more than <see cref="MaxCount"/> guides
    /// (a common character such as 注 matches nearly all) is ranked in tiers instead: guides whose names match (from the
    /// small SearchNames table, shortest name first), then the rest in index order. See docs/search.md.
    /// </summary>
    private static async Task<(int Count, List<(int Id, double Score)> Ranked)> RankAsync(AppDb db, SqliteConnection connection,
        NameCatalog catalog, List<string> terms, string? category, string? difficulty, int limit, CancellationToken ct)
    {
        var ranked = catalog.Exact(string.Concat(terms))
            .Where(e => (category is null || e.Category == category) && (difficulty is null || e.Difficulty == difficulty))
            .Select(e => (e.Id, Score: 1000.0))
            .ToList();
        var words = SearchText.MatchExpression(terms, TextColumns);
        if (words is null)
        {
            return (ranked.Count, ranked);
        }
        // Filters are tokens of the facets column, and the index holds only published guides: the query never
        // touches the Guides rows, whose wide columns would cost a page read each.
        var filters = Filters(category, difficulty);
        var all = words + filters;
        var count = await CountAsync(db, connection, "SearchTerms", all, ct);
        if (count <= MaxCount)
        {
            await AddAsync(db, connection, ranked, all, byBm25: true, limit, ct);
        }
        else
        {
            // Guides whose names match, shortest name first: for one word that is what bm25 on the names column comes
            // to, without its cost (it reads every match's length record: 170 µs for the 242 names with 安). Then the
            // rest in index order.
            var names = await IdsAsync(db, connection, "SearchNames", SearchText.MatchExpression(terms, "{names}") + filters, MaxCount + 1, ct);
            ranked.AddRange(names
                .Where(id => !ranked.Exists(r => r.Id == id))
                .OrderBy(id => catalog.Find(id)?.Name.Length ?? int.MaxValue)
                .Take(Math.Max(0, limit - ranked.Count))
                .Select(id => (id, NameTierScore)));
            await AddAsync(db, connection, ranked, all, byBm25: false, limit, ct);
        }
        return (Math.Max(count, ranked.Count), ranked.Take(limit).ToList());
    }

    /// <summary>How many guides match, counting no further than one past <see cref="MaxCount"/>.</summary>
    private static async Task<int> CountAsync(AppDb db, SqliteConnection connection, string table, string match, CancellationToken ct)
    {
        await using var command = Command(db, connection, $"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH $match LIMIT $cap)");
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$cap", MaxCount + 1);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first rowids that match, in index order.</summary>
    private static async Task<List<int>> IdsAsync(AppDb db, SqliteConnection connection, string table, string match, int max,
        CancellationToken ct)
    {
        await using var command = Command(db, connection, $"SELECT rowid FROM {table} WHERE {table} MATCH $match LIMIT $max");
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$max", max);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt32(0));
        }
        return ids;
    }

    /// <summary>Appends the best text matches not already ranked, by bm25 or (for huge sets) in index order with score 0.</summary>
    private static async Task AddAsync(AppDb db, SqliteConnection connection, List<(int Id, double Score)> ranked, string match,
        bool byBm25, int limit, CancellationToken ct)
    {
        if (ranked.Count >= limit)
        {
            return;
        }
        await using var command = Command(db, connection, byBm25
            ? $"SELECT rowid, -{Rank} AS score FROM SearchTerms WHERE SearchTerms MATCH $match ORDER BY score DESC LIMIT $limit"
            : "SELECT rowid, 0.0 FROM SearchTerms WHERE SearchTerms MATCH $match LIMIT $limit");
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit + ranked.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct) && ranked.Count < limit)
        {
            var id = reader.GetInt32(0);
            if (!ranked.Exists(r => r.Id == id))
            {
                ranked.Add((id, Math.Round(reader.GetDouble(1), 3)));
            }
        }
    }

    private const string DetailsSql =
        $"""
        SELECT g.Id, g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, g.Summary, coalesce(p.Text, '')
        FROM Guides g LEFT JOIN SearchPassages p ON p.GuideId = g.Id
        WHERE g.Id IN (SELECT value FROM json_each(?1)) AND {PublishedOnly}
        """;

    /// <summary>
    /// The ranked guides' names and facts, each with its snippet. This one statement goes through SQLitePCL's raw API
    /// (the library under Microsoft.Data.Sqlite) because it reads each guide's passages (about 5 KB, 20 per page) in
    /// place with sqlite3_column_blob: SqliteDataReader copies every text or blob value into a new array, and those
    /// copies were two thirds of the bytes a search allocated, which the garbage collector then had to clean up.
    /// </summary>
    private static List<Hit> Details(SqliteConnection connection, List<(int Id, double Score)> ranked, List<string> words,
        CancellationToken ct)
    {
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, DetailsSql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        var byId = new Dictionary<int, Hit>();
        using (statement)
        {
            SqliteException.ThrowExceptionForRC(
                raw.sqlite3_bind_text(statement, 1, JsonSerializer.Serialize(ranked.Select(r => r.Id))), handle);
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                ct.ThrowIfCancellationRequested();
                string Text(int column) => raw.sqlite3_column_text(statement, column).utf8_to_string() ?? "";
                var summary = Text(8);
                byId[raw.sqlite3_column_int(statement, 0)] = new Hit(Text(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7),
                    summary, Snippet.Build(raw.sqlite3_column_blob(statement, 9), summary, words), 0);
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, handle);
            }
        }
        return [.. ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => byId[r.Id] with { Score = r.Score })];
    }

    /// <summary>An empty query: every published guide (filtered), by name.</summary>
    private static async Task<Result> ListAsync(AppDb db, SqliteConnection connection, string? category, string? difficulty, int limit,
        CancellationToken ct)
    {
        await using var command = Command(db, connection,
            $"""
            SELECT Slug, Name, NameEn, Company, Category, Difficulty, Outcome, Summary
            FROM Guides g WHERE {PublishedOnly}
              AND ($category IS NULL OR Category = $category) AND ($difficulty IS NULL OR Difficulty = $difficulty)
            ORDER BY Slug LIMIT $limit
            """);
        command.Parameters.AddWithValue("$category", (object?)category ?? DBNull.Value);
        command.Parameters.AddWithValue("$difficulty", (object?)difficulty ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var hits = new List<Hit>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var summary = reader.GetString(7);
                hits.Add(new Hit(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), summary, new Snippet([new Snippet.Part(summary, false)]), 0));
            }
        }
        var count = hits.Count;
        if (count == limit)
        {
            // Counted on the index of published guides (facets), not by reading every wide Guides row.
            await using var counter = Command(db, connection, "SELECT count(*) FROM SearchTerms WHERE SearchTerms MATCH $match");
            var match = string.Join(" AND ", new[] { ("category", category), ("difficulty", difficulty) }
                .Select(f => f.Item2 is null ? "facets : " + f.Item1 + "*" : "facets : \"" + Facet(f.Item1, f.Item2) + "\""));
            counter.Parameters.AddWithValue("$match", match);
            count = Convert.ToInt32(await counter.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Result(count, hits, null, [], []);
    }

    /// <summary>The in-memory names, reloaded whenever a writer has bumped the generation since they were read.</summary>
    private async Task<NameCatalog> CatalogAsync(AppDb db, SqliteConnection connection, CancellationToken ct)
    {
        await using var state = Command(db, connection, "SELECT Generation FROM SearchState WHERE Id = 1");
        var generation = Convert.ToInt64(await state.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        if (_catalog is { } current && current.Generation == generation)
        {
            return current;
        }
        // One load at a time: when a server starts or a publish lands under load, every request in flight finds the
        // catalog out of date, and each building its own copy of 10,000 guides' names put 60 MB in the old generation.
        await _catalogLoad.WaitAsync(ct);
        try
        {
            return _catalog is { } loaded && loaded.Generation >= generation ? loaded : await LoadCatalogAsync(db, generation, ct);
        }
        finally
        {
            _catalogLoad.Release();
        }
    }

    private async Task<NameCatalog> LoadCatalogAsync(AppDb db, long generation, CancellationToken ct)
    {
        var rows = await db.Guides.AsNoTracking().Where(g => g.IsPublished)
            .Select(g => new { g.Id, g.Slug, g.Name, g.NameEn, g.Aliases, g.Category, g.Difficulty })
            .ToListAsync(ct);
        var catalog = new NameCatalog(generation, [.. rows.Select(r => (
            new NameCatalog.Entry(r.Id, r.Slug, r.Name, r.Category, r.Difficulty),
            (IEnumerable<string>)[r.Name, r.NameEn, r.Slug, .. r.Aliases.Split('\n', StringSplitOptions.RemoveEmptyEntries)]))]);
        _catalog = catalog;
        return catalog;
    }

    /// <summary>A filter value as one token ("category" + "social" → "categorysocial"); values are checked against the vocabulary first.</summary>
    private static string Facet(string name, string value) => name + new string([.. value.Where(char.IsAsciiLetterOrDigit)]);

    private static async Task<SqliteConnection> OpenAsync(AppDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return (SqliteConnection)db.Database.GetDbConnection();
    }

    /// <summary>A command on the context's connection, enlisted in its transaction if there is one.</summary>
    private static SqliteCommand Command(AppDb db, SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
