using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AccountExit.Web.Search;

/// <summary>A quoted passage as plain-text parts, some marked as matches. Pages render the parts as text; the API
/// also gets them as HTML built by encoding every part, so nothing from the query or the content becomes markup.</summary>
public sealed record Snippet(IReadOnlyList<Snippet.Part> Parts)
{
    public sealed record Part(string Text, bool Match);

    private const int Window = 90;

    /// <summary>Encodes markup characters only: Chinese stays readable instead of becoming &amp;#x…; entities.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public string ToHtml()
    {
        var html = new StringBuilder();
        foreach (var part in Parts)
        {
            var text = Encoder.Encode(part.Text);
            html.Append(part.Match ? "<mark>" + text + "</mark>" : text);
        }
        return html.ToString();
    }

    /// <summary>
    /// The passage (one per line) that contains the most of the words (the first such one), cut to a window around the
    /// first match; the fallback when none does. It searches the UTF-8 bytes as stored, ASCII letters case-insensitively:
    /// only the chosen line ever becomes a string (a guide's passages are about 7 KB, and a result page quotes 20 guides).
    /// </summary>
    public static Snippet Build(ReadOnlySpan<byte> passages, string fallback, IReadOnlyList<string> words)
    {
        var needles = words.Select(w => Encoding.UTF8.GetBytes(AsciiLower(w))).ToArray();
        byte[]? lowered = null;
        if (words.Any(w => w.Any(char.IsAsciiLetter)))
        {
            lowered = ArrayPool<byte>.Shared.Rent(passages.Length);
            for (var i = 0; i < passages.Length; i++)
            {
                var b = passages[i];
                lowered[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
            }
        }
        try
        {
            var haystack = lowered is null ? passages : lowered.AsSpan(0, passages.Length);
            var (bestStart, bestLength, bestCount) = (0, 0, 0);
            for (var start = 0; start < haystack.Length;)
            {
                var end = haystack[start..].IndexOf((byte)'\n') is var n and >= 0 ? start + n : haystack.Length;
                var line = haystack[start..end];
                var count = 0;
                foreach (var needle in needles)
                {
                    if (line.IndexOf(needle) >= 0)
                    {
                        count++;
                    }
                }
                if (count > bestCount)
                {
                    (bestStart, bestLength, bestCount) = (start, end - start, count);
                }
                start = end + 1;
            }
            var best = bestCount > 0 ? Encoding.UTF8.GetString(passages.Slice(bestStart, bestLength)) : fallback;
            return Highlight(Cut(best, words), words);
        }
        finally
        {
            if (lowered is not null)
            {
                ArrayPool<byte>.Shared.Return(lowered);
            }
        }
    }

    private static string AsciiLower(string word) =>
        string.Create(word.Length, word, (span, w) =>
        {
            for (var i = 0; i < w.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(w[i]) ? (char)(w[i] | 0x20) : w[i];
            }
        });

    private static string Cut(string passage, IReadOnlyList<string> words)
    {
        if (passage.Length <= Window)
        {
            return passage;
        }
        var first = words.Select(w => passage.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, Math.Min(first - Window / 3, passage.Length - Window));
        if (start > 0 && char.IsLowSurrogate(passage[start]))
        {
            start--;
        }
        var end = Math.Min(passage.Length, start + Window);
        if (end < passage.Length && char.IsHighSurrogate(passage[end - 1]))
        {
            end++;
        }
        return (start > 0 ? "…" : "") + passage[start..end] + (end < passage.Length ? "…" : "");
    }

    private static Snippet Highlight(string text, IReadOnlyList<string> words)
    {
        var marked = new bool[text.Length];
        foreach (var word in words)
        {
            for (var i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); i >= 0;
                 i = text.IndexOf(word, i + word.Length, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, i, word.Length);
            }
        }
        var parts = new List<Part>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || marked[i] != marked[start])
            {
                parts.Add(new Part(text[start..i], marked[start]));
                start = i;
            }
        }
        return new Snippet(parts);
    }
}
