using System.Buffers;
using System.Runtime.Intrinsics;
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
    /// The words a result page highlights, prepared once for all its snippets: each as lower-case UTF-8, and whether
    /// any has an ASCII letter (only then is a passage lowered before it is searched).
    /// </summary>
    public sealed class Words
    {
        public Words(IReadOnlyList<string> words)
        {
            Text = words;
            Needles = [.. words.Select(w => Encoding.UTF8.GetBytes(AsciiLower(w))).Where(n => n.Length > 0)];
            HasLatin = words.Any(w => w.Any(char.IsAsciiLetter));
        }

        public IReadOnlyList<string> Text { get; }

        internal byte[][] Needles { get; }

        internal bool HasLatin { get; }
    }

    /// <summary>
    /// The passage (one per line) that contains the most of the words (the first such one), cut to a window around the
    /// first match; the fallback when none does. It searches the UTF-8 bytes as stored, ASCII letters case-insensitively:
    /// only the chosen line ever becomes a string (a guide's passages are about 5 KB, and a result page quotes 20 guides).
    /// </summary>
    public static Snippet Build(ReadOnlySpan<byte> passages, string fallback, Words words)
    {
        byte[]? lowered = null;
        if (words.HasLatin)
        {
            lowered = ArrayPool<byte>.Shared.Rent(passages.Length);
            AsciiLower(passages, lowered);
        }
        try
        {
            var haystack = lowered is null ? passages : lowered.AsSpan(0, passages.Length);
            var (bestStart, bestLength) = BestLine(haystack, words.Needles);
            var best = bestLength >= 0 ? Encoding.UTF8.GetString(passages.Slice(bestStart, bestLength)) : fallback;
            return Highlight(Cut(best, words.Text), words.Text);
        }
        finally
        {
            if (lowered is not null)
            {
                ArrayPool<byte>.Shared.Return(lowered);
            }
        }
    }

    /// <summary>
    /// ASCII capitals to lower case, every other byte (UTF-8 of Chinese included) as it is, 16 bytes at a time: a
    /// byte-by-byte loop over a guide's passages was a few microseconds per result of a Latin query.
    /// </summary>
    private static void AsciiLower(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var a = Vector128.Create((byte)'A');
            var letters = Vector128.Create((byte)26);
            var bit = Vector128.Create((byte)0x20);
            for (; i + Vector128<byte>.Count <= source.Length; i += Vector128<byte>.Count)
            {
                var v = Vector128.Create(source.Slice(i, Vector128<byte>.Count));
                // Unsigned: bytes below 'A' wrap around to 26 or more.
                var upper = Vector128.LessThan(v - a, letters);
                (v | (upper & bit)).CopyTo(destination[i..]);
            }
        }
        for (; i < source.Length; i++)
        {
            var b = source[i];
            destination[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }
    }

    /// <summary>
    /// The first line holding the most distinct needles (start and length; length -1 when none holds any). Each needle
    /// is searched for through the whole text, jumping to the next line after a hit: a word that is in three lines costs
    /// four searches, not one per line (a guide has about fifty), and needles cannot span lines (words hold no newline).
    /// </summary>
    private static (int Start, int Length) BestLine(ReadOnlySpan<byte> text, byte[][] needles)
    {
        var starts = new List<int>(64) { 0 };
        for (var at = text.IndexOf((byte)'\n'); at >= 0;)
        {
            starts.Add(at + 1);
            var next = text[(at + 1)..].IndexOf((byte)'\n');
            at = next < 0 ? -1 : at + 1 + next;
        }
        var counts = ArrayPool<int>.Shared.Rent(starts.Count);
        try
        {
            Array.Clear(counts, 0, starts.Count);
            foreach (var needle in needles)
            {
                for (int position = 0, line = 0; position < text.Length;)
                {
                    var found = text[position..].IndexOf(needle);
                    if (found < 0)
                    {
                        break;
                    }
                    var at = position + found;
                    while (line + 1 < starts.Count && starts[line + 1] <= at)
                    {
                        line++;
                    }
                    counts[line]++;
                    position = line + 1 < starts.Count ? starts[line + 1] : text.Length;
                }
            }
            var best = -1;
            for (var line = 0; line < starts.Count; line++)
            {
                if (counts[line] > 0 && (best < 0 || counts[line] > counts[best]))
                {
                    best = line;
                }
            }
            if (best < 0)
            {
                return (0, -1);
            }
            var end = best + 1 < starts.Count ? starts[best + 1] - 1 : text.Length;
            return (starts[best], end - starts[best]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
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
