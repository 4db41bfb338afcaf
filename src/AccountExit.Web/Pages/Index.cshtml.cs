using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages;

/// <summary>
/// Home: every platform grouped by category, with a jump index of the categories shown, filterable by category and
/// difficulty with a plain GET form.
/// </summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    /// <summary>One category's heading and cards, in the order of <see cref="Vocabulary.Categories"/>.</summary>
    public sealed record CategoryGroup(string Category, List<PlatformCard> Platforms)
    {
        /// <summary>The section's anchor, which the jump index links to.</summary>
        public string Anchor => "category-" + Category;
    }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Difficulty { get; set; }

    public List<CategoryGroup> Groups { get; private set; } = [];
    public int Shown { get; private set; }
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values are ignored rather than answered with an empty list.
        Category = Category is not null && Vocabulary.Categories.ContainsKey(Category) ? Category : null;
        Difficulty = Difficulty is not null && Vocabulary.Difficulties.ContainsKey(Difficulty) ? Difficulty : null;

        var published = db.Guides.AsNoTracking().Where(g => g.IsPublished);
        Total = await published.CountAsync(ct);
        var query = published;
        if (Category is not null)
        {
            query = query.Where(g => g.Category == Category);
        }
        if (Difficulty is not null)
        {
            query = query.Where(g => g.Difficulty == Difficulty);
        }
        var english = HttpContext.Language().IsEnglish;
        var rows = await query.OrderBy(g => g.Slug)
            .Select(g => new { g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, Summary = english ? g.SummaryEn : g.Summary })
            .ToListAsync(ct);
        var categoryOrder = Vocabulary.Categories.Keys.ToList();
        Groups = [.. rows
            .Select(g => new PlatformCard(g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, PlatformCard.OneLine(g.Summary)))
            .GroupBy(card => card.Category)
            // A category the vocabulary does not know (never published by the importer) goes last rather than nowhere.
            .OrderBy(group => categoryOrder.IndexOf(group.Key) is var i && i >= 0 ? i : int.MaxValue)
            .Select(group => new CategoryGroup(group.Key, [.. group]))];
        Shown = rows.Count;
    }
}
