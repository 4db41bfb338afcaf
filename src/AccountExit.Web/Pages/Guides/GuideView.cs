using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Reports;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>
/// Everything the guide template (<c>_Guide.cshtml</c>) shows: used by the public page and the editor's preview alike.
/// <see cref="PublishedSlugs"/> holds the related and plan-linked guides that are published (the page links only to those).
/// </summary>
/// <param name="OutdatedSince">The day of the oldest open "outdated" reader report, when there is one (readers see a notice).</param>
/// <param name="Evidence">Each claim's derived confidence and footnotes (<see cref="Content.Evidence"/>).</param>
/// <param name="Readers">Readers' reports an editor accepted as evidence.</param>
public sealed record GuideView(GuideFrontMatter Guide, string BodyHtml, IReadOnlyList<GuideView.LegalLink> Legal, IReadOnlySet<string> PublishedSlugs,
    DateOnly? OutdatedSince, Evidence.GuideEvidence Evidence, ReaderEvidence Readers)
{
    public sealed record LegalLink(string Key, string Law, string Article, string Title, string Status, string LawEn, string ArticleEn, string TitleEn);

    public static async Task<GuideView> LoadAsync(AppDb db, GuideFrontMatter guide, string bodyHtml, CancellationToken ct)
    {
        var keys = guide.Legal;
        // The English names live in the front matter only (no columns of their own): a guide cites about ten provisions.
        var rows = await db.Legal.AsNoTracking()
            .Where(l => l.IsPublished && keys.Contains(l.Key))
            .Select(l => new { l.Key, l.Status, l.FrontMatterJson })
            .ToListAsync(ct);
        var provisions = rows.Select(r => (r.Key, r.Status, Meta: CanonicalContent.FromJson<LegalFrontMatter>(r.FrontMatterJson)))
            .Select(r => new LegalLink(r.Key, r.Meta.Law, r.Meta.Article, r.Meta.Title, r.Status, r.Meta.LawEn, r.Meta.ArticleEn, r.Meta.TitleEn))
            .ToList();
        var related = guide.Related.Where(r => r.Slug is not null).Select(r => r.Slug!)
            .Concat((guide.Plan?.After ?? []).Concat(guide.Plan?.With ?? []).Select(l => l.Slug)).ToList();
        var published = related.Count == 0 ? [] : await db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && related.Contains(g.Slug)).Select(g => g.Slug).ToListAsync(ct);
        var outdated = await db.ReaderReports.AsNoTracking()
            .Where(r => r.GuideSlug == guide.Slug && r.Kind == ReportKinds.Outdated && r.ResolvedAtUtc == null)
            .OrderBy(r => r.CreatedAtUtc).Select(r => (DateTime?)r.CreatedAtUtc).FirstOrDefaultAsync(ct);
        var readers = await ReaderEvidence.LoadAsync(db, guide.Slug, ct);
        return new GuideView(guide, bodyHtml, [.. provisions.OrderBy(l => keys.IndexOf(l.Key))], published.ToHashSet(StringComparer.Ordinal),
            outdated is { } since ? ReaderReport.NoticeDay(since) : null, Content.Evidence.Of(guide, DateOnly.FromDateTime(DateTime.UtcNow)), readers);
    }

    /// <summary>The claim's level (badge) and footnotes, or null for a key the guide does not have.</summary>
    public Evidence.Claim? Claim(string key) => Evidence.Has(key) ? Evidence[key] : null;
}
