using System.Text;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Search;

/// <summary>
/// What of a guide is searchable, in three weighted columns (names, headings, body), plus the plain passages that
/// results quote as snippets (one per line: summary, entry paths, facts, related platforms, body blocks).
/// </summary>
public sealed record GuideText(string Names, string Headings, string Body, string Passages)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static GuideText From(string frontMatterJson, string bodyMarkdown)
    {
        var g = CanonicalContent.FromJson<GuideFrontMatter>(frontMatterJson);

        var names = new List<string> { g.Name, g.NameEn, g.Slug };
        names.AddRange(g.Aliases);

        var headings = new List<string> { g.Company, g.CompanyEn ?? "" };
        var body = new List<string>();
        var passages = new List<string> { g.Summary };

        foreach (var path in g.EntryPaths)
        {
            var steps = string.Join(" → ", path.Steps);
            headings.Add(steps);
            passages.Add(steps);
        }
        foreach (var fact in g.Preconditions.Concat(g.Consequences).Concat(g.Alternatives))
        {
            body.Add(fact.Text);
            passages.Add(fact.Text);
            if (fact.Note is { Length: > 0 } note)
            {
                body.Add(note);
            }
        }
        foreach (var related in g.Related)
        {
            headings.Add(related.Name);
            body.Add(related.Reason);
            passages.Add($"{related.Name}：{related.Reason}");
        }
        if (g.Timing?.Note is { Length: > 0 } timingNote)
        {
            body.Add(timingNote);
        }
        body.Add(g.Summary);
        body.Add(g.SummaryEn);

        foreach (var block in Markdown.Parse(bodyMarkdown, Pipeline).Descendants<LeafBlock>())
        {
            var text = InlineText(block);
            if (text.Length == 0)
            {
                continue;
            }
            (block is HeadingBlock ? headings : body).Add(text);
            passages.Add(text);
        }

        return new GuideText(
            SearchText.IndexTokens(string.Join('\n', names)),
            SearchText.IndexTokens(string.Join('\n', headings)),
            SearchText.IndexTokens(string.Join('\n', body)),
            string.Join('\n', passages.Select(p => p.ReplaceLineEndings(" ").Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)));
    }

    private static string InlineText(LeafBlock block)
    {
        if (block.Inline is null)
        {
            return "";
        }
        var builder = new StringBuilder();
        foreach (var inline in block.Inline.Descendants())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
            }
        }
        return builder.ToString().Trim();
    }

    /// <summary>One guide as an index writer needs it: its facets, and its text when it is published (null: remove it from the index).</summary>
    public sealed record Indexed(int Id, string Category, string Difficulty, GuideText? Text);

    /// <summary>These guides' rows, tokenised for the index (on every core: tokenising is the costly part and needs no database).</summary>
    public static async Task<List<Indexed>> LoadAsync(AppDb db, string[] slugs, CancellationToken ct)
    {
        var rows = await db.Guides.AsNoTracking().Where(g => slugs.Contains(g.Slug))
            .Select(g => new { g.Id, g.IsPublished, g.Category, g.Difficulty, g.FrontMatterJson, g.BodyMarkdown })
            .ToListAsync(ct);
        return [.. rows.AsParallel().AsOrdered()
            .Select(r => new Indexed(r.Id, r.Category, r.Difficulty, r.IsPublished ? From(r.FrontMatterJson, r.BodyMarkdown) : null))];
    }
}
