using System.Text.Json;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>One platform's whole guide. An unknown slug is a 404, shown as the friendly not-found page.</summary>
public sealed class ShowModel(AppDb db) : PageModel
{
    public sealed record LegalLink(string Key, string Law, string Article, string Title, string Status);

    private sealed record GuideRow(string FrontMatterJson, string BodyHtml);

    /// <summary>The page's main read, compiled once: no tracking, only the two columns it shows (the HTML was rendered at import).</summary>
    private static readonly Func<AppDb, string, CancellationToken, Task<GuideRow?>> FindGuide = EF.CompileAsyncQuery(
        (AppDb db, string slug, CancellationToken ct) => db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && g.Slug == slug)
            .Select(g => new GuideRow(g.FrontMatterJson, g.BodyHtml))
            .FirstOrDefault());

    public GuideFrontMatter Guide { get; private set; } = new();
    public string BodyHtml { get; private set; } = "";
    public List<LegalLink> Legal { get; private set; } = [];
    public HashSet<string> PublishedSlugs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var row = await FindGuide(db, slug, ct);
        if (row is null)
        {
            return NotFound();
        }
        Guide = JsonSerializer.Deserialize<GuideFrontMatter>(row.FrontMatterJson, ContentImporter.Json)!;
        BodyHtml = row.BodyHtml;

        var keys = Guide.Legal;
        var provisions = await db.Legal.AsNoTracking()
            .Where(l => l.IsPublished && keys.Contains(l.Key))
            .Select(l => new LegalLink(l.Key, l.Law, l.Article, l.Title, l.Status))
            .ToListAsync(ct);
        Legal = [.. provisions.OrderBy(l => keys.IndexOf(l.Key))];

        var related = Guide.Related.Where(r => r.Slug is not null).Select(r => r.Slug!).ToList();
        PublishedSlugs = [.. await db.Guides.AsNoTracking().Where(g => g.IsPublished && related.Contains(g.Slug)).Select(g => g.Slug).ToListAsync(ct)];
        return Page();
    }
}
