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

    /// <summary>The passage that contains the most of the words (the first such one), cut to a window around the first match.</summary>
    public static Snippet Build(string passages, string fallback, IReadOnlyList<string> words)
    {
        var best = fallback;
        var bestCount = 0;
        foreach (var line in passages.Split('\n'))
        {
            var count = words.Count(w => line.Contains(w, StringComparison.OrdinalIgnoreCase));
            if (count > bestCount)
            {
                (best, bestCount) = (line, count);
            }
        }
        return Highlight(Cut(best, words), words);
    }

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
