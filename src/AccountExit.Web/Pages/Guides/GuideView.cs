using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>
/// Everything the guide template (<c>_Guide.cshtml</c>) shows: used by the public page and the editor's preview alike.
/// <see cref="PublishedSlugs"/> holds the related and plan-linked guides that are published (the page links only to those).
/// </summary>
public sealed record GuideView(GuideFrontMatter Guide, string BodyHtml, IReadOnlyList<GuideView.LegalLink> Legal, IReadOnlySet<string> PublishedSlugs)
{
    public sealed record LegalLink(string Key, string Law, string Article, string Title, string Status);

    public static async Task<GuideView> LoadAsync(AppDb db, GuideFrontMatter guide, string bodyHtml, CancellationToken ct)
    {
        var keys = guide.Legal;
        var provisions = await db.Legal.AsNoTracking()
            .Where(l => l.IsPublished && keys.Contains(l.Key))
            .Select(l => new LegalLink(l.Key, l.Law, l.Article, l.Title, l.Status))
            .ToListAsync(ct);
        var related = guide.Related.Where(r => r.Slug is not null).Select(r => r.Slug!)
            .Concat((guide.Plan?.After ?? []).Concat(guide.Plan?.With ?? []).Select(l => l.Slug)).ToList();
        var published = related.Count == 0 ? [] : await db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && related.Contains(g.Slug)).Select(g => g.Slug).ToListAsync(ct);
        return new GuideView(guide, bodyHtml, [.. provisions.OrderBy(l => keys.IndexOf(l.Key))], published.ToHashSet(StringComparer.Ordinal));
    }
}
