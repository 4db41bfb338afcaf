using AccountExit.Web.Caching;
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

    /// <summary>A provision as a guide cites it. The English names live in the front matter only (no columns of their own).</summary>
    public static LegalLink Link(string key, string status, string frontMatterJson)
    {
        var meta = CanonicalContent.FromJson<LegalFrontMatter>(frontMatterJson);
        return new LegalLink(key, meta.Law, meta.Article, meta.Title, status, meta.LawEn, meta.ArticleEn, meta.TitleEn);
    }

    /// <summary>
    /// The public page's view: everything besides the guide's own row comes from the snapshot the page's validator was
    /// computed from, so a page and its ETag always agree and a cache miss costs one query.
    /// </summary>
    public static GuideView From(ContentVersions.Snapshot published, GuideFrontMatter guide, string bodyHtml) =>
        Of(guide, bodyHtml, published.Provisions, published.Published,
            published.OutdatedSince.TryGetValue(guide.Slug, out var since) ? since : null,
            published.Readers.GetValueOrDefault(guide.Slug, ReaderEvidence.None));

    /// <summary>The editor's preview: read now from the database, which an editor may just have changed.</summary>
    public static async Task<GuideView> LoadAsync(AppDb db, GuideFrontMatter guide, string bodyHtml, CancellationToken ct)
    {
        var keys = guide.Legal;
        var rows = await db.Legal.AsNoTracking()
            .Where(l => l.IsPublished && keys.Contains(l.Key))
            .Select(l => new { l.Key, l.Status, l.FrontMatterJson })
            .ToListAsync(ct);
        var related = Linked(guide).ToList();
        var published = related.Count == 0 ? [] : await db.Guides.AsNoTracking()
            .Where(g => g.IsPublished && related.Contains(g.Slug)).Select(g => g.Slug).ToListAsync(ct);
        var outdated = await db.ReaderReports.AsNoTracking()
            .Where(r => r.GuideSlug == guide.Slug && r.Kind == ReportKinds.Outdated && r.ResolvedAtUtc == null)
            .OrderBy(r => r.CreatedAtUtc).Select(r => (DateTime?)r.CreatedAtUtc).FirstOrDefaultAsync(ct);
        var readers = await ReaderEvidence.LoadAsync(db, guide.Slug, ct);
        return Of(guide, bodyHtml, rows.ToDictionary(r => r.Key, r => Link(r.Key, r.Status, r.FrontMatterJson), StringComparer.Ordinal),
            published.ToHashSet(StringComparer.Ordinal), outdated is { } day ? ReaderReport.NoticeDay(day) : null, readers);
    }

    /// <summary>The related and plan-linked guides' slugs.</summary>
    private static IEnumerable<string> Linked(GuideFrontMatter guide) =>
        guide.Related.Where(r => r.Slug is not null).Select(r => r.Slug!)
            .Concat((guide.Plan?.After ?? []).Concat(guide.Plan?.With ?? []).Select(l => l.Slug));

    private static GuideView Of(GuideFrontMatter guide, string bodyHtml, IReadOnlyDictionary<string, LegalLink> provisions, IReadOnlySet<string> published,
        DateOnly? outdatedSince, ReaderEvidence readers) =>
        new(guide, bodyHtml,
            [.. guide.Legal.Where(provisions.ContainsKey).Distinct(StringComparer.Ordinal).Select(k => provisions[k])],
            Linked(guide).Where(published.Contains).ToHashSet(StringComparer.Ordinal),
            outdatedSince, Content.Evidence.Of(guide, DateOnly.FromDateTime(DateTime.UtcNow)), readers);

    /// <summary>The claim's level (badge) and footnotes, or null for a key the guide does not have.</summary>
    public Evidence.Claim? Claim(string key) => Evidence.Has(key) ? Evidence[key] : null;
}
