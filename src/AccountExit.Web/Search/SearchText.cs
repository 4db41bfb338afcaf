using System.Globalization;
using System.Text;

namespace AccountExit.Web.Search;

/// <summary>
/// How text becomes search tokens, the same way for guides and for queries. SQLite's unicode61 tokenizer would keep
/// a whole run of Chinese as one token, so Chinese is cut here first (see docs/search.md): a run of Chinese
/// characters becomes its overlapping bigrams followed by its single characters, like Lucene's CJK analyzer plus
/// unigrams; Latin words and numbers stay whole. The result is space-separated, which unicode61 then splits.
/// </summary>
public static class SearchText
{
    public const int MaxQueryLength = 100;
    public const int MaxTerms = 8;

    /// <summary>A piece of a query term: a run of Chinese characters, or a Latin word or number.</summary>
    public readonly record struct Segment(string Text, bool IsCjk);

    /// <summary>NFKC (full width to half width), lower case; control characters and lone surrogates become spaces.</summary>
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

    /// <summary>The query as terms: normalised, cut to <see cref="MaxQueryLength"/> characters, split on white space, at most <see cref="MaxTerms"/>.</summary>
    public static List<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var text = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        return [.. Normalize(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Take(MaxTerms)];
    }

    /// <summary>Runs of Chinese and runs of Latin letters or digits; everything else separates.</summary>
    public static List<Segment> Segments(string normalized)
    {
        var segments = new List<Segment>();
        var start = -1;
        var startIsCjk = false;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var kind = i < normalized.Length ? Classify(normalized, i) : CharKind.Separator;
            var isWordChar = kind != CharKind.Separator;
            var isCjk = kind == CharKind.Cjk;
            if (start >= 0 && (!isWordChar || isCjk != startIsCjk))
            {
                segments.Add(new Segment(normalized[start..i], startIsCjk));
                start = -1;
            }
            if (isWordChar && start < 0)
            {
                start = i;
                startIsCjk = isCjk;
            }
            if (i < normalized.Length && char.IsHighSurrogate(normalized[i]))
            {
                i++;
            }
        }
        return segments;
    }

    /// <summary>Text as the index stores it: Latin words whole, each Chinese run as bigrams then single characters.</summary>
    public static string IndexTokens(string text)
    {
        var builder = new StringBuilder(text.Length * 3);
        foreach (var segment in Segments(Normalize(text)))
        {
            if (!segment.IsCjk)
            {
                builder.Append(segment.Text).Append(' ');
                continue;
            }
            var chars = TextElements(segment.Text);
            for (var i = 0; i + 1 < chars.Count; i++)
            {
                builder.Append(chars[i]).Append(chars[i + 1]).Append(' ');
            }
            foreach (var c in chars)
            {
                builder.Append(c).Append(' ');
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// An FTS5 MATCH expression for the terms: every segment must match (AND). A Chinese run of one character is that
    /// character; a longer run is the phrase of its bigrams (so it matches only where the characters are adjacent);
    /// a Latin word is a prefix, which also serves typing in progress, limited to <paramref name="columns"/> (an FTS5
    /// column filter such as <c>{names headings body}</c>): the facets column holds Latin tokens only
    /// (<c>categorysocial</c>), so a Chinese phrase needs no filter, and without one FTS5 need not read which column
    /// each occurrence is in (less than half the time; docs/performance.md, "Measured in the search code"). Segments
    /// hold only letters and digits and each is quoted, so nothing in a query is ever FTS5 syntax. A single letter or
    /// digit beside other words ("how do i close my account") is that token, not a prefix: the prefix indexes start at
    /// two characters, and "i"* merged every token starting with i (9 ms of a 12 ms question at 10,000 guides); alone
    /// it is still a prefix, for typing in progress. Null when nothing searchable is left.
    /// </summary>
    public static string? MatchExpression(IEnumerable<string> terms, string columns)
    {
        var segments = terms.SelectMany(Segments).ToList();
        var parts = segments.Select(segment => segment.IsCjk
            ? "\"" + Bigrams(segment.Text) + "\""
            : columns + " : \"" + segment.Text + (segment.Text.Length == 1 && segments.Count > 1 ? "\"" : "\"*")).ToList();
        return parts.Count == 0 ? null : string.Join(" AND ", parts.Distinct(StringComparer.Ordinal));
    }

    /// <summary>
    /// An FTS5 expression that matches a guide holding any of the terms (each term as <see cref="MatchExpression"/>
    /// builds it), for ranking by how many of the words a guide has. Null when nothing searchable is left.
    /// </summary>
    public static string? MatchAny(IEnumerable<string> terms, string columns)
    {
        var parts = terms.Select(t => MatchExpression([t], columns)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => string.Join(" OR ", parts.Select(p => "(" + p + ")")),
        };
    }

    /// <summary>Every segment of every term, for highlighting.</summary>
    public static List<string> HighlightWords(IEnumerable<string> terms) =>
        [.. terms.SelectMany(Segments).Select(s => s.Text).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    private static string Bigrams(string run)
    {
        var chars = TextElements(run);
        if (chars.Count == 1)
        {
            return chars[0];
        }
        var builder = new StringBuilder();
        for (var i = 0; i + 1 < chars.Count; i++)
        {
            builder.Append(chars[i]).Append(chars[i + 1]).Append(' ');
        }
        return builder.ToString().TrimEnd();
    }

    private static List<string> TextElements(string run)
    {
        var list = new List<string>(run.Length);
        for (var i = 0; i < run.Length; i++)
        {
            list.Add(char.IsHighSurrogate(run[i]) && i + 1 < run.Length ? run.Substring(i++, 2) : run[i].ToString());
        }
        return list;
    }

    private enum CharKind { Separator, Latin, Cjk }

    private static CharKind Classify(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length)
        {
            var cp = char.ConvertToUtf32(c, text[i + 1]);
            // CJK Unified Ideographs extensions B and later.
            return cp is >= 0x20000 and <= 0x3FFFF ? CharKind.Cjk : CharKind.Separator;
        }
        if (c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF') or '\u3007')
        {
            return CharKind.Cjk;
        }
        return char.IsLetterOrDigit(c) ? CharKind.Latin : CharKind.Separator;
    }
}
