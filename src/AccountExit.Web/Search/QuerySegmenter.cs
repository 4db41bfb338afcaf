using JiebaNet.Segmenter;

namespace AccountExit.Web.Search;

/// <summary>
/// Cuts a query into words with jieba.NET, whose dictionary is extended with every published name and alias
/// (<see cref="AddNames"/>), so "微信怎么注销" becomes 微信 / 怎么 / 注销 and a platform's name stays one word. jieba's
/// dictionary is one process-wide object that adding a word changes, so cutting and adding take turns under a lock:
/// a query is a few dozen characters and cuts in microseconds. The dictionary files are copied to <c>jieba/</c> in the
/// output by the project file (the package does not do it).
/// </summary>
public static class QuerySegmenter
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Added = new(StringComparer.Ordinal);
    private static JiebaSegmenter? _segmenter;

    private static JiebaSegmenter Segmenter()
    {
        if (_segmenter is null)
        {
            ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
            _segmenter = new JiebaSegmenter();
        }
        return _segmenter;
    }

    /// <summary>Adds names (normalised, as queries are) to the dictionary as words of their own. Words stay once added.</summary>
    public static void AddNames(IEnumerable<string> names)
    {
        lock (Gate)
        {
            var segmenter = Segmenter();
            foreach (var name in names)
            {
                var word = SearchText.Normalize(name).Trim();
                // jieba's dictionary holds no spaces; a name of one character would only split other words.
                if (word.Length >= 2 && !word.Contains(' ', StringComparison.Ordinal) && Added.Add(word))
                {
                    // A high frequency: a platform's name beats the dictionary's own splits of the same characters.
                    segmenter.AddWord(word, 100_000);
                }
            }
        }
    }

    /// <summary>
    /// The words of a normalised query, separators dropped, in order: a Latin word or number stays whole (jieba would
    /// cut "zzzzqq" into zzzz / qq), a run of Chinese is cut by jieba.
    /// </summary>
    public static List<string> Cut(string normalized)
    {
        var words = new List<string>();
        foreach (var segment in SearchText.Segments(normalized))
        {
            if (!segment.IsCjk)
            {
                words.Add(segment.Text);
                continue;
            }
            lock (Gate)
            {
                // No HMM: an unknown run of characters comes out as single characters, which the index holds too.
                words.AddRange(Segmenter().Cut(segment.Text, cutAll: false, hmm: false).Where(w => !string.IsNullOrWhiteSpace(w)));
            }
        }
        return words;
    }
}
