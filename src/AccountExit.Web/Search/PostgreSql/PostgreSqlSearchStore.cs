using System.Text;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using static AccountExit.Web.Search.SearchIndex;

namespace AccountExit.Web.Search.PostgreSql;

/// <summary>
/// Search queries on PostgreSQL, over the tsvector columns <see cref="PostgreSqlSearchWriter"/> fills. The match
/// expressions <see cref="SearchIndex"/> builds are FTS5's (<see cref="SearchText.MatchExpression"/>); <see cref="Translate"/>
/// turns them into a tsquery (a quoted phrase becomes lexemes joined by <c>&lt;-&gt;</c>, <c>"app"*</c> becomes
/// <c>'app':*</c>, AND and OR become &amp; and |) and the facet terms into a filter on <c>Facets</c>. Ranking is
/// ts_rank with the same column weights as SQLite's bm25 (names 20, headings 4, body 1).
/// </summary>
public sealed class PostgreSqlSearchStore(AppDb db, NpgsqlConnection connection) : SearchStore
{
    /// <summary>ts_rank's weights in its order {D, C, B, A}: body, (unused), headings, names.</summary>
    private const string Weights = "'{0.05, 0, 0.2, 1.0}'";

    public static async Task<PostgreSqlSearchStore> ConnectAsync(AppDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new PostgreSqlSearchStore(db, (NpgsqlConnection)db.Database.GetDbConnection());
    }

    public override async Task<long> GenerationAsync(CancellationToken ct)
    {
        await using var command = Command("""SELECT "Generation" FROM "SearchState" WHERE "Id" = 1""");
        return (long)(await command.ExecuteScalarAsync(ct) ?? 0L);
    }

    /// <summary>
    /// How many guides match, up to <see cref="MaxCount"/> + 1, from the GIN index: sequential scans are off for this
    /// one statement (set and reset in the same round trip). The planner prices <c>@@</c> at a fraction of a
    /// microsecond a row, but on a sequential scan each row's tsvector (15 KB compressed at 10,000 generated guides) is
    /// fetched from TOAST and decompressed first, about 14 µs: for a common character it chose the scan (18 ms) over
    /// the index (1.8 ms, no tsvector read for a query without phrases). A phrase is rechecked on the rows either way.
    /// </summary>
    public override async Task<int> CountAsync(string table, string match, CancellationToken ct)
    {
        var (query, facets) = Translate(match);
        await using var command = Command(
            $"""
            SET enable_seqscan = off;
            SELECT count(*) FROM (SELECT 1 FROM "SearchTerms" WHERE {Column(table)} @@ @q::tsquery AND "Facets" @> @f LIMIT @cap) m;
            RESET enable_seqscan
            """);
        Bind(command, query, facets);
        command.Parameters.AddWithValue("cap", MaxCount + 1);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task<List<int>> IdsAsync(string table, string match, int max, CancellationToken ct)
    {
        var (query, facets) = Translate(match);
        await using var command = Command(
            $"""SELECT "GuideId" FROM "SearchTerms" WHERE {Column(table)} @@ @q::tsquery AND "Facets" @> @f ORDER BY "GuideId" LIMIT @max""");
        Bind(command, query, facets);
        command.Parameters.AddWithValue("max", max);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt32(0));
        }
        return ids;
    }

    public override async Task AddAsync(List<(int Id, double Score)> ranked, string match, bool byRank, int limit, CancellationToken ct)
    {
        if (ranked.Count >= limit)
        {
            return;
        }
        var (query, facets) = Translate(match);
        await using var command = Command(byRank
            ? $"""
              SELECT "GuideId", ts_rank({Weights}, "Text", @q::tsquery)::float8 AS score FROM "SearchTerms"
              WHERE "Text" @@ @q::tsquery AND "Facets" @> @f ORDER BY score DESC, "GuideId" LIMIT @limit
              """
            : """SELECT "GuideId", 0.0::float8 FROM "SearchTerms" WHERE "Text" @@ @q::tsquery AND "Facets" @> @f ORDER BY "GuideId" LIMIT @limit""");
        Bind(command, query, facets);
        command.Parameters.AddWithValue("limit", limit + ranked.Count);
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

    public override async Task<List<Hit>> DetailsAsync(List<(int Id, double Score)> ranked, NameCatalog catalog, List<string> words, CancellationToken ct)
    {
        await using var command = Command("""SELECT "GuideId", "Text" FROM "SearchPassages" WHERE "GuideId" = ANY(@ids)""");
        command.Parameters.AddWithValue("ids", ranked.Select(r => r.Id).ToArray());
        var highlighted = new Snippet.Words(words);
        var snippets = new Dictionary<int, Snippet>(ranked.Count);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt32(0);
                if (catalog.Find(id) is { } entry)
                {
                    snippets[id] = Snippet.Build(Encoding.UTF8.GetBytes(reader.GetString(1)), entry.Summary, highlighted);
                }
            }
        }
        return Hits(ranked, catalog, snippets, highlighted);
    }

    public override async Task<Result> ListAsync(string? category, string? difficulty, int limit, CancellationToken ct)
    {
        const string Where = """
            WHERE "IsPublished" AND (@category::text IS NULL OR "Category" = @category) AND (@difficulty::text IS NULL OR "Difficulty" = @difficulty)
            """;
        await using var command = Command(
            $"""
            SELECT "Slug", "Name", "NameEn", "Company", "Category", "Difficulty", "Outcome", "Summary" FROM "Guides" {Where}
            ORDER BY "Slug" COLLATE "C" LIMIT @limit
            """);
        AddFilters(command, category, difficulty);
        command.Parameters.AddWithValue("limit", limit);
        var hits = await ListedAsync(command, ct);
        var count = hits.Count;
        if (count == limit)
        {
            await using var counter = Command($"""SELECT count(*) FROM "Guides" {Where}""");
            AddFilters(counter, category, difficulty);
            count = Convert.ToInt32(await counter.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Result(count, hits, null, [], []);
    }

    public override ValueTask DisposeAsync() => new(db.Database.CloseConnectionAsync());

    /// <summary>
    /// An FTS5 expression of the shape <see cref="SearchText"/> and <see cref="SearchIndex"/> write (quoted phrases,
    /// an optional <c>{columns} :</c> before one, a trailing <c>*</c>, AND, OR, parentheses, and <c>facets : "…"</c>
    /// filters) as a tsquery and the facet tokens it requires. The facets are required of every match, as the callers
    /// mean them (they append them to the whole expression).
    /// </summary>
    public static (string Query, string[] Facets) Translate(string match)
    {
        var query = new StringBuilder();
        var facets = new List<string>();
        var i = 0;
        var facetNext = false;
        while (i < match.Length)
        {
            var c = match[i];
            if (char.IsWhiteSpace(c) || c == ':' || c == '*')
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                query.Append(c);
                i++;
            }
            else if (c == '{')
            {
                i = match.IndexOf('}', i) + 1;
            }
            else if (c == '"')
            {
                var end = match.IndexOf('"', i + 1);
                var tokens = match[(i + 1)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var prefix = end + 1 < match.Length && match[end + 1] == '*';
                i = end + 1;
                if (facetNext)
                {
                    facets.AddRange(tokens);
                    facetNext = false;
                    TrimDanglingAnd(query);
                    continue;
                }
                var phrase = string.Join(" <-> ", tokens.Select(PostgreSqlSearchWriter.Lexeme));
                query.Append(tokens.Length > 1 ? "(" + phrase + ")" : phrase).Append(prefix ? ":*" : "");
            }
            else
            {
                var start = i;
                while (i < match.Length && char.IsAsciiLetter(match[i]))
                {
                    i++;
                }
                var word = match[start..i];
                switch (word)
                {
                    case "AND":
                        query.Append(" & ");
                        break;
                    case "OR":
                        query.Append(" | ");
                        break;
                    case "facets":
                        facetNext = true;
                        break;
                    default:
                        throw new FormatException($"Unexpected '{word}' in the match expression {match}");
                }
            }
        }
        return (query.ToString().Trim(), [.. facets]);
    }

    /// <summary>A facet term was joined with AND: that AND now joins nothing.</summary>
    private static void TrimDanglingAnd(StringBuilder query)
    {
        var text = query.ToString().TrimEnd();
        if (text.EndsWith('&'))
        {
            query.Clear().Append(text[..^1].TrimEnd());
        }
    }

    private static string Column(string table) => table == "SearchNames" ? "\"Names\"" : "\"Text\"";

    private static void Bind(NpgsqlCommand command, string query, string[] facets)
    {
        command.Parameters.AddWithValue("q", query);
        command.Parameters.Add(new NpgsqlParameter("f", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = facets });
    }

    private static void AddFilters(NpgsqlCommand command, string? category, string? difficulty)
    {
        command.Parameters.AddWithValue("category", NpgsqlDbType.Text, (object?)category ?? DBNull.Value);
        command.Parameters.AddWithValue("difficulty", NpgsqlDbType.Text, (object?)difficulty ?? DBNull.Value);
    }

    private NpgsqlCommand Command(string sql) =>
        new(sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
}
