using System.Text;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Search.PostgreSql;

/// <summary>
/// The search index on PostgreSQL (tables from the PostgreSQL migration InitialPostgreSql): one <c>SearchTerms</c> row
/// per published guide with the same tokens as SQLite's FTS5 columns (<see cref="SearchText.IndexTokens"/>), written as
/// tsvector literals so no text-search parser or dictionary touches them: <c>Names</c> alone, and <c>Text</c> holding
/// names (weight A), headings (B) and body (D) with a gap between columns so a phrase never spans two of them, and
/// <c>Facets</c> the category and difficulty as the tokens filters ask for.
/// </summary>
public static class PostgreSqlSearchWriter
{
    /// <summary>tsvector positions stop at 16383 (later tokens share it, so only phrases that far into a body lose adjacency).</summary>
    private const int MaxPosition = 16383;

    public static async Task UpdateAsync(AppDb db, IReadOnlyCollection<string> slugs, int version, CancellationToken ct)
    {
        foreach (var chunk in slugs.Distinct(StringComparer.Ordinal).Chunk(256))
        {
            foreach (var guide in await GuideText.LoadAsync(db, chunk, ct))
            {
                var id = guide.Id;
                await db.Database.ExecuteSqlAsync(
                    $"""DELETE FROM "SearchTerms" WHERE "GuideId" = {id}; DELETE FROM "SearchPassages" WHERE "GuideId" = {id};""", ct);
                if (guide.Text is not { } text)
                {
                    continue;
                }
                var names = Vector((text.Names, 'A'));
                var all = Vector((text.Names, 'A'), (text.Headings, 'B'), (text.Body, 'D'));
                string[] facets = [SearchIndex.Facet("category", guide.Category), SearchIndex.Facet("difficulty", guide.Difficulty)];
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "SearchTerms" ("GuideId", "Names", "Text", "Facets")
                    VALUES ({id}, {names}::tsvector, {all}::tsvector, {facets});
                    INSERT INTO "SearchPassages" ("GuideId", "Version", "Text") VALUES ({id}, {version}, {text.Passages});
                    """, ct);
            }
        }
        await db.Database.ExecuteSqlRawAsync("""UPDATE "SearchState" SET "Generation" = "Generation" + 1 WHERE "Id" = 1""", ct);
        // GIN indexes take new rows into a pending list that every search then reads whole, until a vacuum or 4 MB of
        // them merges it into the index. After a first import of 10,000 guides the names index had all 10,000 rows
        // there, and a search for a rare word went from 0.2 ms to 97 ms (the planner, seeing a slow index, scanned
        // and decompressed every row instead; docs/performance.md). Merged here, in the writer's transaction, after
        // every write: a few guides' rows merge in milliseconds. A database user that does not own the indexes
        // cannot merge them; autovacuum then does, later.
        await db.Database.ExecuteSqlRawAsync(
            """
            DO $$ BEGIN
                PERFORM gin_clean_pending_list('"IX_SearchTerms_Names"'::regclass), gin_clean_pending_list('"IX_SearchTerms_Text"'::regclass);
            EXCEPTION WHEN insufficient_privilege THEN NULL;
            END $$
            """, ct);
        if (slugs.Count > BulkSize)
        {
            // After a bulk import the planner would otherwise guess from no statistics until autovacuum comes round.
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "SearchTerms", "SearchPassages" """, ct);
        }
    }

    /// <summary>An update this large (a first import) is followed by fresh planner statistics.</summary>
    private const int BulkSize = 256;

    /// <summary>Token strings as one tsvector literal (<c>'ab':1A 'bc':2A …</c>), positions counted across the columns given.</summary>
    public static string Vector(params (string Tokens, char Weight)[] columns)
    {
        var builder = new StringBuilder();
        var position = 0;
        foreach (var (tokens, weight) in columns)
        {
            foreach (var token in tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                position = Math.Min(position + 1, MaxPosition);
                builder.Append(Lexeme(token)).Append(':').Append(position).Append(weight).Append(' ');
            }
            position = Math.Min(position + 1, MaxPosition);
        }
        return builder.ToString();
    }

    /// <summary>A lexeme in tsvector/tsquery literal syntax: single-quoted, with ' doubled and \ escaped.</summary>
    public static string Lexeme(string token) => "'" + token.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
