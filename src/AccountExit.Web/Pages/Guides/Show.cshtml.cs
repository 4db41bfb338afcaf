using System.Collections.Concurrent;
using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AccountExit.Web.Pages.Guides;

/// <summary>One platform's whole guide. An unknown slug is a 404, shown as the friendly not-found page.</summary>
public sealed class ShowModel(AppDb db, ContentVersions versions) : PageModel
{
    private sealed record GuideRow(string FrontMatterJson, string BodyHtml);

    /// <summary>
    /// The page's main read, compiled once per model: no tracking, only the two columns it shows (the HTML was rendered
    /// at import). A compiled query serves only the model it was first run with, and SQLite's and PostgreSQL's models
    /// differ: a process holding sites on both (the tests do) needs one for each.
    /// </summary>
    private static readonly ConcurrentDictionary<IModel, Func<AppDb, string, CancellationToken, Task<GuideRow?>>> FindGuide = new();

    private static Func<AppDb, string, CancellationToken, Task<GuideRow?>> CompileFindGuide() => EF.CompileAsyncQuery(
        (AppDb db, string slug, CancellationToken ct) => db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && g.Slug == slug)
            .Select(g => new GuideRow(g.FrontMatterJson, g.BodyHtml))
            .FirstOrDefault());

    public GuideView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var row = await FindGuide.GetOrAdd(db.Model, static _ => CompileFindGuide())(db, slug, ct);
        if (row is null)
        {
            return NotFound();
        }
        // Read after the row: a publish in between at worst shows the new facts around the old row until it evicts this page.
        var published = await versions.GetAsync(ct);
        View = GuideView.From(published, CanonicalContent.FromJson<GuideFrontMatter>(row.FrontMatterJson), row.BodyHtml);
        return Page();
    }
}
