using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Reports;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>Everything the guide template (<c>_Guide.cshtml</c>) shows: used by the public page and the editor's preview alike.</summary>
/// <param name="OutdatedSince">The day of the oldest open "outdated" reader report, when there is one (readers see a notice).</param>
public sealed record GuideView(GuideFrontMatter Guide, string BodyHtml, IReadOnlyList<GuideView.LegalLink> Legal, IReadOnlySet<string> PublishedSlugs,
    DateOnly? OutdatedSince)
{
    public sealed record LegalLink(string Key, string Law, string Article, string Title, string Status);

    public static async Task<GuideView> LoadAsync(AppDb db, GuideFrontMatter guide, string bodyHtml, CancellationToken ct)
    {
        var keys = guide.Legal;
        var provisions = await db.Legal.AsNoTracking()
            .Where(l => l.IsPublished && keys.Contains(l.Key))
            .Select(l => new LegalLink(l.Key, l.Law, l.Article, l.Title, l.Status))
            .ToListAsync(ct);
        var related = guide.Related.Where(r => r.Slug is not null).Select(r => r.Slug!).ToList();
        var published = related.Count == 0 ? [] : await db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && related.Contains(g.Slug)).Select(g => g.Slug).ToListAsync(ct);
        var outdated = await db.ReaderReports.AsNoTracking()
            .Where(r => r.GuideSlug == guide.Slug && r.Kind == ReportKinds.Outdated && r.ResolvedAtUtc == null)
            .OrderBy(r => r.CreatedAtUtc).Select(r => (DateTime?)r.CreatedAtUtc).FirstOrDefaultAsync(ct);
        return new GuideView(guide, bodyHtml, [.. provisions.OrderBy(l => keys.IndexOf(l.Key))], published.ToHashSet(StringComparer.Ordinal),
            outdated is { } since ? ReaderReport.NoticeDay(since) : null);
    }
}
