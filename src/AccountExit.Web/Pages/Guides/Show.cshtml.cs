using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>One platform's whole guide. An unknown slug is a 404, shown as the friendly not-found page.</summary>
public sealed class ShowModel(AppDb db) : PageModel
{
    public GuideView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var row = await db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && g.Slug == slug)
            .Select(g => new { g.FrontMatterJson, g.BodyHtml })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return NotFound();
        }
        View = await GuideView.LoadAsync(db, CanonicalContent.FromJson<GuideFrontMatter>(row.FrontMatterJson), row.BodyHtml, ct);
        return Page();
    }
}
