namespace AccountExit.Web.Search;

/// <summary>
/// What a query asks for (docs/search.md, "Understanding a query"): the query cut into words by jieba
/// (<see cref="QuerySegmenter"/>), the platforms it names (a word, or up to three neighbouring words, equal to a
/// published name, alias, pinyin or initials), the words that rank guides (<see cref="Words"/>), the generic words
/// that only rank (<see cref="Generic"/>), filler dropped, and a well-known platform no guide covers.
/// </summary>
/// <param name="Platforms">Guides named in the query, in the order named: they come first.</param>
/// <param name="PlatformWords">The words that named them, as typed (normalised), for highlighting.</param>
/// <param name="Words">The meaningful words left once platforms, filler and generic words are taken out.</param>
/// <param name="Generic">Generic words (注销, account…): they rank, they never filter.</param>
/// <param name="NotCovered">A well-known platform named in the query that no published guide's name or alias covers.</param>
/// <param name="IsPlain">Nothing was understood: the words are the query's own terms, so it is searched as typed.</param>
public sealed record QueryPlan(IReadOnlyList<NameCatalog.Entry> Platforms, IReadOnlyList<string> PlatformWords,
    IReadOnlyList<string> Words, IReadOnlyList<string> Generic, string? NotCovered, bool IsPlain)
{
    /// <summary>The most neighbouring words a platform name is looked for in ("sina weibo", "tencent qq").</summary>
    private const int MaxNameWords = 3;

    public static QueryPlan Understand(IReadOnlyList<string> terms, NameCatalog catalog)
    {
        var text = string.Join(' ', terms);
        var notCovered = NotCoveredPlatform(text, catalog);
        var words = QuerySegmenter.Cut(text);
        var platforms = new List<NameCatalog.Entry>();
        var platformWords = new List<string>();
        var meaningful = new List<string>();
        var generic = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var named = false;
            for (var n = Math.Min(MaxNameWords, words.Count - i); n >= 1 && !named; n--)
            {
                var candidate = string.Concat(words.Skip(i).Take(n));
                // A name inside the platform that is not covered ("qq" in "qq音乐") does not name a guide.
                if (notCovered is not null && SearchText.Normalize(notCovered).Contains(candidate, StringComparison.Ordinal))
                {
                    continue;
                }
                if (catalog.Exact(candidate) is { Count: > 0 } entries)
                {
                    platforms.AddRange(entries.Where(e => !platforms.Contains(e)));
                    platformWords.Add(string.Join(' ', words.Skip(i).Take(n)));
                    i += n - 1;
                    named = true;
                }
            }
            if (named)
            {
                continue;
            }
            var word = words[i];
            if (QueryWords.Generic.Contains(word))
            {
                generic.Add(word);
            }
            else if (!QueryWords.Filler.Contains(word))
            {
                meaningful.Add(word);
            }
        }
        var isPlain = platforms.Count == 0 && generic.Count == 0 && meaningful.SequenceEqual(terms, StringComparer.Ordinal);
        return new QueryPlan(platforms, platformWords, [.. meaningful.Distinct(StringComparer.Ordinal)],
            [.. generic.Distinct(StringComparer.Ordinal)], notCovered, isPlain);
    }

    /// <summary><see cref="QueryWords.KnownPlatforms"/> with their names normalised once, not on every query (Unicode normalisation of some 90 names cost more than the rest of understanding a query).</summary>
    private static readonly (string[] Group, string[] Names)[] KnownPlatforms =
        [.. QueryWords.KnownPlatforms.Select(group => (group, group.Select(SearchText.Normalize).ToArray()))];

    /// <summary>
    /// The first name of the longest well-known platform the query names (a Chinese name anywhere in it, a Latin one as
    /// a whole word) when no name of its group is a published name or alias; otherwise null.
    /// </summary>
    private static string? NotCoveredPlatform(string text, NameCatalog catalog)
    {
        var latinWords = SearchText.Segments(text).Where(s => !s.IsCjk).Select(s => s.Text).ToHashSet(StringComparer.Ordinal);
        string? found = null;
        var foundLength = 0;
        foreach (var (group, names) in KnownPlatforms)
        {
            foreach (var name in names)
            {
                var named = name.All(char.IsAsciiLetterOrDigit) ? latinWords.Contains(name) : text.Contains(name, StringComparison.Ordinal);
                if (named && name.Length > foundLength && !group.Any(n => catalog.Exact(n).Count > 0))
                {
                    found = group[0];
                    foundLength = name.Length;
                }
            }
        }
        return found;
    }
}
