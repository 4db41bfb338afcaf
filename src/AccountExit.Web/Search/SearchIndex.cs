using System.Collections.Concurrent;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Startup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Search;

/// <summary>
/// Full-text search over published guides (design in docs/search.md): what a query means and in which order results
/// come (names first, tiers, corrections), the answer cache and the in-memory <see cref="NameCatalog"/>. The index
/// itself lives in the database, in tables each provider's migrations create outside the EF model, written by
/// <see cref="Sqlite.SqliteSearchWriter"/> or <see cref="PostgreSql.PostgreSqlSearchWriter"/> and queried through a
/// <see cref="SearchStore"/>: <c>SearchTerms</c> (the tokens of <see cref="SearchText.IndexTokens"/> in the columns
/// names, headings, body, and the facets), names alone for a cheap names-first tier, <c>SearchPassages</c> (plain text
/// quoted in snippets) and <c>SearchState</c> (a generation number that tells every server when to reload its
/// <see cref="NameCatalog"/>). Writers call <see cref="UpdateAsync"/> inside their transaction, so the index always
/// says what the committed guides say.
/// </summary>
public sealed class SearchIndex(IOptions<AccountExitOptions> options, PostgreSql.SearchReplica? replica = null,
    Caching.FarmEviction? farm = null) : IDisposable
{
    /// <summary>Bump when the tokens or passages change: the next import re-indexes every guide.</summary>
    public const int Version = 1;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

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
        await (db.Database.IsNpgsql()
            ? PostgreSql.PostgreSqlSearchWriter.UpdateAsync(db, slugs, Version, ct)
            : Sqlite.SqliteSearchWriter.UpdateAsync(db, slugs, Version, ct));
    }

    /// <summary>Slugs whose index entry is missing, out of date (<see cref="Version"/>) or left over from an unpublished guide.</summary>
    public static async Task<List<string>> StaleSlugsAsync(AppDb db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<string>(StaleSql.Replace("@version", "{0}", StringComparison.Ordinal), Version).ToListAsync(ct);

    /// <summary>The stale guides' slugs (as <c>Value</c>), with <see cref="Version"/> as the parameter <c>@version</c>.</summary>
    public const string StaleSql = """
        SELECT g."Slug" AS "Value" FROM "Guides" g LEFT JOIN "SearchPassages" p ON p."GuideId" = g."Id"
        WHERE (g."IsPublished" AND (p."GuideId" IS NULL OR p."Version" <> @version)) OR (NOT g."IsPublished" AND p."GuideId" IS NOT NULL)
        """;

    /// <summary>Empties the index (no generation bump: callers index again in the same transaction).</summary>
    public static Task ClearAsync(AppDb db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
            ? "DELETE FROM \"SearchTerms\"; DELETE FROM \"SearchPassages\";"
            : "DELETE FROM SearchTerms; DELETE FROM SearchNames; DELETE FROM SearchPassages;", ct);

    /// <summary>Empties the index and indexes every published guide, in one transaction. Returns how many guides it indexed.</summary>
    public static async Task<int> RebuildAsync(AppDb db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClearAsync(db, ct);
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

        // Opened only when needed: on PostgreSQL a cached answer may need no database at all (CatalogAsync).
        SearchStore? opened = null;
        async ValueTask<SearchStore> Store() => opened ??= await SearchStore.OpenAsync(db, ct);
        try
        {
            if (terms.Count == 0)
            {
                return await (await Store()).ListAsync(category, difficulty, limit, ct);
            }
            var catalog = await CatalogAsync(db, Store, ct);
            var key = (catalog.Generation, $"{string.Join(' ', terms)}\u0001{category}\u0001{difficulty}\u0001{limit}");
            if (_results.TryGetValue(key, out var cached))
            {
                return cached;
            }
            Result result;
            // On PostgreSQL, this instance's copy of the index when it holds the catalog's generation (SearchReplica).
            await using (var local = replica is null ? null : await replica.OpenAsync(catalog.Generation, ct))
            {
                result = await FindAsync(local ?? await Store(), catalog, terms, category, difficulty, limit, ct);
            }
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
            if (opened is not null)
            {
                await opened.DisposeAsync();
            }
        }
    }

    private static async Task<Result> FindAsync(SearchStore store, NameCatalog catalog, List<string> terms,
        string? category, string? difficulty, int limit, CancellationToken ct)
    {
        var (count, ranked) = await RankAsync(store, catalog, terms, category, difficulty, limit, ct);
        var plan = QueryPlan.Understand(terms, catalog);
        if (!plan.IsPlain)
        {
            return await UnderstoodAsync(store, catalog, terms, plan, count, ranked, category, difficulty, limit, ct);
        }
        string? corrected = null;
        if (count == 0)
        {
            var fixedTerms = terms.Select(t => catalog.Correct(t) ?? t).ToList();
            if (!fixedTerms.SequenceEqual(terms, StringComparer.Ordinal))
            {
                (count, ranked) = await RankAsync(store, catalog, fixedTerms, category, difficulty, limit, ct);
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
        var hits = await store.DetailsAsync(ranked, catalog, SearchText.HighlightWords(terms), ct);
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
    private static async Task<Result> UnderstoodAsync(SearchStore store, NameCatalog catalog, List<string> terms,
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
                && await store.CountAsync("SearchTerms", SearchText.MatchExpression([word], TextColumns)!, ct) == 0)
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
        var distinct = steps.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 0)
        {
            // Each step matches a superset of the one before, so the count is the widest's, counted first: when it is
            // no more than MaxCount, so is every narrower step's, which is then ranked without being counted.
            var widest = await store.CountAsync("SearchTerms", distinct[^1] + filters, ct);
            count = Math.Max(count, widest);
            foreach (var step in widest > 0 ? distinct : [])
            {
                if (ranked.Count >= limit)
                {
                    break;
                }
                var stepCount = step == distinct[^1] || widest <= MaxCount ? widest : await store.CountAsync("SearchTerms", step + filters, ct);
                if (stepCount > 0)
                {
                    await store.AddAsync(ranked, step + filters, byRank: stepCount <= MaxCount, limit, ct);
                }
            }
        }
        if (ranked.Count == 0 && SearchText.MatchAny(plan.Generic, TextColumns) is { } anyGeneric)
        {
            count = await store.CountAsync("SearchTerms", anyGeneric + filters, ct);
            await store.AddAsync(ranked, anyGeneric + filters, byRank: count <= MaxCount, limit, ct);
        }
        count = Math.Max(count, ranked.Count);
        if (ranked.Count == 0)
        {
            return new Result(0, [], null, [], [.. catalog.Popular.Select(e => new Suggestion(e.Slug, e.Name))], NotCovered: plan.NotCovered);
        }
        // The query's own terms too when they matched as typed: the longest match is marked whole.
        var highlights = SearchText.HighlightWords([.. strictCount > 0 ? terms : [], .. words, .. plan.Generic, .. platformWords,
            .. platforms.Select(e => e.Name)]);
        var hits = await store.DetailsAsync([.. ranked.Take(limit)], catalog, highlights, ct);
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
    private static async Task<(int Count, List<(int Id, double Score)> Ranked)> RankAsync(SearchStore store,
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
        var count = await store.CountAsync("SearchTerms", all, ct);
        if (count <= MaxCount)
        {
            await store.AddAsync(ranked, all, byRank: true, limit, ct);
        }
        else
        {
            // Guides whose names match, shortest name first: for one word that is what bm25 on the names column comes
            // to, without its cost (it reads every match's length record; docs/performance.md, "Measured in the search
            // code"). Then the rest in index order.
            var names = await store.IdsAsync("SearchNames", SearchText.MatchExpression(terms, "{names}") + filters, MaxCount + 1, ct);
            ranked.AddRange(names
                .Where(id => !ranked.Exists(r => r.Id == id))
                .OrderBy(id => catalog.Find(id)?.Name.Length ?? int.MaxValue)
                .Take(Math.Max(0, limit - ranked.Count))
                .Select(id => (id, NameTierScore)));
            await store.AddAsync(ranked, all, byRank: false, limit, ct);
        }
        return (Math.Max(count, ranked.Count), ranked.Take(limit).ToList());
    }

    /// <summary>Loads the name catalog (and so jieba's dictionary) before the first search needs it (<see cref="SearchWarmup"/>).</summary>
    public async Task WarmAsync(AppDb db, CancellationToken ct)
    {
        await using var store = await SearchStore.OpenAsync(db, ct);
        await CatalogAsync(db, () => ValueTask.FromResult(store), ct);
        QuerySegmenter.Cut("注销");
        replica?.CatchUp();
    }

    /// <summary>The catalog this server holds, if it has loaded one.</summary>
    public NameCatalog? LoadedCatalog => _catalog;

    /// <summary>
    /// Something may have written the search index: a transaction of this process committed on PostgreSQL
    /// (<see cref="PostgreSql.CommitWatcher"/>), another instance's eviction notification arrived, or the listener that
    /// hears them stopped or started (<see cref="Caching.FarmEviction"/>). The next search reads the generation again.
    /// </summary>
    public void HeardOfChange() => Interlocked.Increment(ref _changes);

    private long _changes;

    /// <summary>
    /// How long a reading of the generation is trusted on PostgreSQL while nothing was heard of a change: a bound on how
    /// late an index write whose notification was lost is seen (an instance that committed it sees it at once).
    /// </summary>
    private static readonly long TrustTicks = System.Diagnostics.Stopwatch.Frequency;

    /// <summary>The catalog as last checked against the database's generation, with what had been heard of changes by then.</summary>
    private sealed record Checked(NameCatalog Catalog, long Changes, long At);

    private volatile Checked? _checked;
    private long _generationReads;

    /// <summary>How many times this server has read the index generation from the database.</summary>
    public long GenerationReads => Interlocked.Read(ref _generationReads);

    /// <summary>
    /// The in-memory names, reloaded whenever a writer has bumped the generation since they were read. On PostgreSQL,
    /// while this instance hears the farm's notifications, the last reading of the generation stands until anything is
    /// heard of a change (<see cref="HeardOfChange"/>) or a second has passed, so a cached answer costs no round trip:
    /// under load that round trip, on a server sharing the cores, was most of a cached search's time and all of its p99.
    /// </summary>
    private async Task<NameCatalog> CatalogAsync(AppDb db, Func<ValueTask<SearchStore>> store, CancellationToken ct)
    {
        var changes = Interlocked.Read(ref _changes);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (farm is { IsListening: true } && _checked is { } last && last.Changes == changes && now - last.At < TrustTicks
            && ReferenceEquals(last.Catalog, _catalog))
        {
            return last.Catalog;
        }
        var generation = await (await store()).GenerationAsync(ct);
        Interlocked.Increment(ref _generationReads);
        var catalog = await CatalogAtAsync(db, generation, ct);
        if (farm is { IsListening: true })
        {
            _checked = new Checked(catalog, changes, now);
        }
        return catalog;
    }

    private async Task<NameCatalog> CatalogAtAsync(AppDb db, long generation, CancellationToken ct)
    {
        if (_catalog is { } current && current.Generation == generation)
        {
            return current;
        }
        // One load at a time: when a server starts or a publish lands under load, every request in flight finds the
        // catalog out of date, and each building its own copy of every guide's names filled the old generation.
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
            .Select(g => new { g.Id, g.Slug, g.Name, g.NameEn, g.Aliases, g.Category, g.Difficulty, g.Company, g.Outcome, g.Summary })
            .ToListAsync(ct);
        var catalog = new NameCatalog(generation, [.. rows.Select(r => (
            new NameCatalog.Entry(r.Id, r.Slug, r.Name, r.Category, r.Difficulty, r.NameEn, r.Company, r.Outcome, r.Summary),
            (IEnumerable<string>)[r.Name, r.NameEn, r.Slug, .. r.Aliases.Split('\n', StringSplitOptions.RemoveEmptyEntries)]))]);
        _catalog = catalog;
        return catalog;
    }

    /// <summary>A filter value as one token ("category" + "social" → "categorysocial"); values are checked against the vocabulary first.</summary>
    internal static string Facet(string name, string value) => name + new string([.. value.Where(char.IsAsciiLetterOrDigit)]);
}
