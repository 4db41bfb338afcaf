using AccountExit.Web.Data;
using AccountExit.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccountExit.Web.Pages.Search;

/// <summary>
/// <c>/search?q=&amp;category=&amp;difficulty=</c>: full-text search over published guides, names first, each result with
/// its matching passage highlighted; an empty query lists all. Unknown filter values are ignored.
/// </summary>
public sealed class IndexModel(AppDb db, SearchIndex search) : PageModel
{
    public const int PageSize = SearchIndex.MaxLimit;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Difficulty { get; set; }

    public SearchIndex.Result Found { get; private set; } = new(0, [], null, [], []);

    public bool HasQuery => !string.IsNullOrWhiteSpace(Query);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Found = await search.SearchAsync(db, Query, Category, Difficulty, PageSize, ct);
    }
}
