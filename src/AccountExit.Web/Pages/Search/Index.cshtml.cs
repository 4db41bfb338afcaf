using AccountExit.Web.Data;
using AccountExit.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccountExit.Web.Pages.Search;

/// <summary><c>/search?q=</c>: platforms by name, alias, pinyin and initials, best match first; an empty query lists all.</summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public List<PlatformCard> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var hits = await PlatformSearch.SearchAsync(db, Query, ct);
        Results = [.. hits.Select(h => new PlatformCard(h.Slug, h.Name, h.NameEn, h.Company, h.Difficulty, h.Outcome, h.Summary))];
    }
}
