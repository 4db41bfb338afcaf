namespace AccountExit.Web.Pages;

/// <summary>What the home page shows of one guide: names, badges and one line of summary in the page's language.</summary>
public sealed record PlatformCard(string Slug, string Name, string NameEn, string Company, string Category, string Difficulty, string Outcome, string Summary)
{
    /// <summary>
    /// About one card line on a phone or a desktop card: 30 Chinese characters or 60 Latin ones. The stylesheet
    /// clips what still does not fit; this keeps the page from carrying a paragraph per card.
    /// </summary>
    public const int SummaryColumns = 60;

    private const string ClauseEnds = "，；。：！？";

    /// <summary>
    /// The summary's leading clauses that fit <paramref name="columns"/> (a Chinese character counts two), ending
    /// with "…" when something was left out. Cuts at a clause when that keeps most of the line, otherwise at a word
    /// (Latin) or character (Chinese) boundary.
    /// </summary>
    public static string OneLine(string summary, int columns = SummaryColumns)
    {
        var text = summary.Trim();
        if (Width(text) <= columns)
        {
            return text;
        }
        var room = columns - 1; // the ellipsis
        // The last clause end within the room, if the clauses before it fill at least 60% of the line.
        var (clause, clauseWidth) = (-1, 0);
        for (var (i, width) = (0, 0); i < text.Length && width <= room; width += Width(text[i]), i++)
        {
            if (IsClauseEnd(text, i))
            {
                (clause, clauseWidth) = (i, width);
            }
        }
        var end = clause >= 0 && clauseWidth * 10 >= columns * 6 ? clause : BoundaryWithin(text, room);
        return text[..end].TrimEnd(' ', ',', ';', ':', '-', '–', '—', '，', '；', '：', '、', '(', '（', '“', '"') + "…";
    }

    private static bool IsClauseEnd(string text, int i) =>
        ClauseEnds.Contains(text[i], StringComparison.Ordinal)
        || (i + 1 < text.Length && text[i + 1] == ' ' && text[i] is ',' or ';' or ':' or '.')
        || (text[i] == ' ' && i + 2 < text.Length && text[i + 1] is '-' or '–' or '—' && text[i + 2] == ' ');

    /// <summary>The longest prefix within <paramref name="room"/> columns that does not split a Latin word or a surrogate pair.</summary>
    private static int BoundaryWithin(string text, int room)
    {
        var end = 0;
        for (var width = 0; end < text.Length && width + Width(text[end]) <= room; end++)
        {
            width += Width(text[end]);
        }
        if (end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end--;
        }
        if (end > 0 && end < text.Length && IsLatinLetterOrDigit(text[end - 1]) && IsLatinLetterOrDigit(text[end]))
        {
            var space = text.LastIndexOf(' ', end - 1);
            end = space > 0 ? space : end;
        }
        return end;
    }

    private static bool IsLatinLetterOrDigit(char c) => char.IsAscii(c) && char.IsLetterOrDigit(c);

    /// <summary>Columns on screen: CJK characters and full-width forms take two.</summary>
    private static int Width(char c) => c >= '\u2E80' && !char.IsSurrogate(c) ? 2 : char.IsLowSurrogate(c) ? 0 : char.IsHighSurrogate(c) ? 2 : 1;

    private static int Width(string text) => text.Sum(Width);
}
