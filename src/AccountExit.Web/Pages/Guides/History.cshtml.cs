using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>The public change history of a guide: every revision that was ever published, dated, with its note.</summary>
public sealed class HistoryModel(AppDb db) : PageModel
{
    public sealed record Change(int Number, DateTime PublishedAtUtc, string Note);

    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public List<Change> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var guide = await db.Guides.AsNoTracking().Where(g => g.IsPublished && g.Slug == slug).Select(g => new { g.Slug, g.Name, g.NameEn }).FirstOrDefaultAsync(ct);
        if (guide is null)
        {
            return NotFound();
        }
        Slug = guide.Slug;
        Name = guide.Name;
        NameEn = guide.NameEn;
        var published = await db.Revisions.AsNoTracking()
            .Where(r => r.DocumentType == Revision.GuideType && r.DocumentKey == slug && r.PublishedAtUtc != null)
            .Select(r => new { r.Number, r.PublishedAtUtc, r.Note })
            .ToListAsync(ct);
        Changes = [.. published.Select(r => new Change(r.Number, r.PublishedAtUtc!.Value, r.Note)).OrderByDescending(c => c.PublishedAtUtc).ThenByDescending(c => c.Number)];
        return Page();
    }
}
