using System.Globalization;
using System.Text;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Search;

/// <summary>
/// Finds platforms by Chinese name (any substring, one character too), English name (any case), alias, pinyin and
/// initials (both kept as aliases in the content), best match first. Every query string is just text: nothing in it
/// is interpreted, and it is cut to <see cref="MaxQueryLength"/> characters.
/// </summary>
public static class PlatformSearch
{
    public const int MaxQueryLength = 100;
    private const int MaxTerms = 8;

    public sealed record Hit(string Slug, string Name, string NameEn, string Company, string Category, string Difficulty,
        string Outcome, string Summary, int Score);

    private sealed record Candidate(string Slug, string Name, string NameEn, string Company, string Category, string Difficulty,
        string Outcome, string Summary, string Aliases);

    public static async Task<List<Hit>> SearchAsync(AppDb db, string? query, CancellationToken ct = default)
    {
        var candidates = await db.Guides.AsNoTracking()
            .Where(g => g.IsPublished)
            .OrderBy(g => g.Slug)
            .Select(g => new Candidate(g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, g.Summary, g.Aliases))
            .ToListAsync(ct);

        var terms = Terms(query);
        var hits = new List<Hit>();
        foreach (var c in candidates)
        {
            var score = terms.Count == 0 ? 1 : 0;
            foreach (var term in terms)
            {
                var termScore = Score(term, c);
                if (termScore == 0)
                {
                    score = 0;
                    break;
                }
                score += termScore;
            }
            if (score > 0)
            {
                hits.Add(new Hit(c.Slug, c.Name, c.NameEn, c.Company, c.Category, c.Difficulty, c.Outcome, c.Summary, score));
            }
        }
        return [.. hits.OrderByDescending(h => h.Score)];
    }

    /// <summary>The query as normalised search terms: NFKC (full-width to half-width), lower case, split on white space.</summary>
    public static List<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var text = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        var normal = Normalize(text);
        return [.. normal.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Take(MaxTerms)];
    }

    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            // Lone surrogates and control characters cannot match anything: treat them as spaces.
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
        }
        var cleaned = builder.ToString();
        try
        {
            cleaned = cleaned.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Invalid code points: search the text as it is.
        }
        return cleaned.ToLower(CultureInfo.InvariantCulture);
    }

    private static int Score(string term, Candidate c)
    {
        var best = 0;
        best = Math.Max(best, Match(term, c.Name, exact: 100, prefix: 90, contains: 70));
        best = Math.Max(best, Match(term, c.NameEn, exact: 100, prefix: 85, contains: 60));
        best = Math.Max(best, Match(term, c.Slug, exact: 95, prefix: 80, contains: 50));
        foreach (var alias in c.Aliases.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            best = Math.Max(best, Match(term, alias, exact: 95, prefix: 75, contains: 55));
        }
        best = Math.Max(best, Match(term, c.Company, exact: 40, prefix: 35, contains: 30));
        best = Math.Max(best, Match(term, c.Summary, exact: 10, prefix: 10, contains: 10));
        return best;
    }

    private static int Match(string term, string field, int exact, int prefix, int contains)
    {
        var value = Normalize(field);
        if (value == term || value.Replace(" ", "", StringComparison.Ordinal) == term)
        {
            return exact;
        }
        if (value.StartsWith(term, StringComparison.Ordinal))
        {
            return prefix;
        }
        return value.Contains(term, StringComparison.Ordinal) ? contains : 0;
    }
}
