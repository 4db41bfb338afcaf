using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages;

/// <summary>Home: every platform, filterable by category and difficulty with a plain GET form.</summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Difficulty { get; set; }

    public List<PlatformCard> Platforms { get; private set; } = [];
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
        Platforms = await query.OrderBy(g => g.Slug)
            .Select(g => new PlatformCard(g.Slug, g.Name, g.NameEn, g.Company, g.Difficulty, g.Outcome, g.Summary, g.SummaryEn))
            .ToListAsync(ct);
    }
}
