using System.Numerics;

namespace AccountExit.Web.Search;

/// <summary>
/// Every published guide's names, slug and aliases (which carry pinyin and initials), held in memory: small even at
/// ten thousand guides. It answers exact name matches (ranked above any text match) and typo corrections by edit
/// distance, which an FTS index cannot do. Each entry also holds what a result shows of its guide besides the snippet
/// (a few hundred bytes each, a few MB at ten thousand guides), so a result page reads only the passages it quotes.
/// </summary>
public sealed class NameCatalog
{
    public sealed record Entry(int Id, string Slug, string Name, string Category, string Difficulty,
        string NameEn = "", string Company = "", string Outcome = "", string Summary = "");

    private readonly Dictionary<string, List<Entry>> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Entry> _byId = [];
    /// <summary>
    /// Latin keys (names, pinyin, initials) by length, with their letter sets, for typo matching: parallel arrays, so
    /// the scan that skips almost every key reads one array of letter sets.
    /// </summary>
    private readonly Dictionary<int, (ulong[] Letters, string[] Keys, Entry[] Entries)> _latinByLength = [];

    /// <summary>The last word looked up by edit distance and what was found: a query of seven letters or more that finds
    /// nothing asks for its correction and then for similar names, the same scan twice.</summary>
    private sealed record Lookup(string Word, int MaxDistance, List<(string Key, Entry Entry)> Found);

    private Lookup? _lastLookup;

    /// <summary>Also adds every name with Chinese in it to the query segmenter's dictionary, so a query cuts around it.</summary>
    public NameCatalog(long generation, IReadOnlyList<(Entry Entry, IEnumerable<string> Names)> guides)
    {
        Generation = generation;
        QuerySegmenter.AddNames(guides.SelectMany(g => g.Names).Where(n => SearchText.Segments(SearchText.Normalize(n)).Any(s => s.IsCjk)));
        var popular = PopularSlugs.Select(slug => guides.FirstOrDefault(g => g.Entry.Slug == slug).Entry).OfType<Entry>().ToList();
        Popular = popular.Count > 0 ? popular : [.. guides.Select(g => g.Entry).OrderBy(e => e.Slug, StringComparer.Ordinal).Take(6)];
        var latin = new Dictionary<int, List<(string Key, ulong Letters, Entry Entry)>>();
        foreach (var (entry, names) in guides)
        {
            _byId[entry.Id] = entry;
            foreach (var key in names.Select(Key).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (!_exact.TryGetValue(key, out var list))
                {
                    _exact[key] = list = [];
                }
                list.Add(entry);
                if (key.Length >= 3 && key.All(char.IsAsciiLetterOrDigit))
                {
                    if (!latin.TryGetValue(key.Length, out var bucket))
                    {
                        latin[key.Length] = bucket = [];
                    }
                    bucket.Add((key, Letters(key), entry));
                }
            }
        }
        foreach (var (length, bucket) in latin)
        {
            _latinByLength[length] = ([.. bucket.Select(k => k.Letters)], [.. bucket.Select(k => k.Key)], [.. bucket.Select(k => k.Entry)]);
        }
    }

    public long Generation { get; }

    /// <summary>A name as compared: normalised, without spaces ("Tencent QQ" → "tencentqq").</summary>
    public static string Key(string name) => string.Concat(SearchText.Normalize(name).Where(c => !char.IsWhiteSpace(c)));

    public Entry? Find(int id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<Entry> Exact(string query) =>
        _exact.TryGetValue(Key(query), out var list) ? list : [];

    /// <summary>Platforms shown when a search finds nothing: these, where published, or else the first few by slug
    /// (there is no popularity data yet).</summary>
    private static readonly string[] PopularSlugs = ["wechat", "alipay", "taobao", "qq", "jd", "weibo", "baidu", "netease"];

    public IReadOnlyList<Entry> Popular { get; }

    /// <summary>The Latin name (name, pinyin or initials) to search instead of a word that found nothing: within one
    /// edit for words of up to six letters, two for longer ones; the nearest, then the first in order.</summary>
    public string? Correct(string word) => Nearest(word, word.Length >= 7 ? 2 : 1).Select(n => n.Key).FirstOrDefault();

    /// <summary>Up to five guides whose Latin names are within two edits of the word, nearest first, for "did you mean".</summary>
    public List<Entry> Similar(string word) => [.. Nearest(word, 2).Select(n => n.Entry).DistinctBy(e => e.Id).Take(5)];

    /// <summary>Latin keys within <paramref name="maxDistance"/> edits of the word, nearest first, then in key order.</summary>
    private List<(string Key, Entry Entry)> Nearest(string word, int maxDistance)
    {
        if (word.Length < 3 || word.Length > 30 || !word.All(char.IsAsciiLetterOrDigit))
        {
            return [];
        }
        if (_lastLookup is { } last && last.Word == word && last.MaxDistance == maxDistance)
        {
            return last.Found;
        }
        var found = new List<(string Key, Entry Entry, int Distance)>();
        var letters = Letters(word);
        for (var length = word.Length - maxDistance; length <= word.Length + maxDistance; length++)
        {
            if (!_latinByLength.TryGetValue(length, out var bucket))
            {
                continue;
            }
            var keyLetters = bucket.Letters;
            for (var i = 0; i < keyLetters.Length; i++)
            {
                // Each edit removes at most one kind of letter from one side and adds at most one to the other, so keys
                // with more than maxDistance letters the word lacks (or the other way round) are skipped without the
                // edit-distance table: at ten thousand guides that is almost every key, and a typo answers in a fraction.
                if (BitOperations.PopCount(letters & ~keyLetters[i]) > maxDistance || BitOperations.PopCount(keyLetters[i] & ~letters) > maxDistance)
                {
                    continue;
                }
                var distance = EditDistance(word, bucket.Keys[i], maxDistance);
                if (distance <= maxDistance)
                {
                    found.Add((bucket.Keys[i], bucket.Entries[i], distance));
                }
            }
        }
        found.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Key, b.Key));
        List<(string Key, Entry Entry)> nearest = [.. found.Select(f => (f.Key, f.Entry))];
        _lastLookup = new Lookup(word, maxDistance, nearest);
        return nearest;
    }

    /// <summary>Which letters and digits a Latin key holds, one bit each (keys are ASCII letters and digits only).</summary>
    private static ulong Letters(string key)
    {
        ulong bits = 0;
        foreach (var c in key)
        {
            bits |= 1UL << (char.IsAsciiDigit(c) ? 26 + (c - '0') : char.IsAsciiLetter(c) ? (c | 0x20) - 'a' : 63);
        }
        return bits;
    }

    /// <summary>Optimal string alignment distance (a swap of two neighbours counts as one edit), giving up above <paramref name="max"/>.</summary>
    public static int EditDistance(string a, string b, int max)
    {
        // Names are short (at most 33 characters here): three rows on the stack, no allocation per comparison.
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }
}
