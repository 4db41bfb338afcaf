using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Search;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Api.V1;

/// <summary>The published guides and provisions as the v1 contract shows them, read for one endpoint or for the export.</summary>
public static class Documents
{
    public static async Task<List<GuideSummary>> GuideListAsync(AppDb db, string origin, CancellationToken ct)
    {
        var rows = await db.Guides.AsNoTracking().Where(g => g.IsPublished).OrderBy(g => g.Slug)
            .Select(g => new { g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, g.Summary, g.SummaryEn, g.LastVerified, g.UpdatedAtUtc })
            .ToListAsync(ct);
        return [.. rows.Select(g => new GuideSummary(g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, g.Summary,
            g.SummaryEn, g.LastVerified, Utc(g.UpdatedAtUtc), origin + GuidePath(g.Slug), origin + "/api/v1" + GuidePath(g.Slug)))];
    }

    /// <summary>Every published guide, or only <paramref name="slug"/> when given.</summary>
    public static async Task<List<GuideDocument>> GuidesAsync(AppDb db, string origin, string? slug, CancellationToken ct)
    {
        var rows = await db.Guides.AsNoTracking().Where(g => g.IsPublished && (slug == null || g.Slug == slug)).OrderBy(g => g.Slug)
            .Select(g => new { g.Slug, g.PublishedRevisionNumber, g.UpdatedAtUtc, g.LastVerified, g.FactsAsOf, g.FrontMatterJson, g.BodyMarkdown, g.BodyHtml })
            .ToListAsync(ct);
        var confirmations = await Reports.ReaderEvidence.LoadAsync(db, rows.ToDictionary(r => r.Slug, r => r.UpdatedAtUtc, StringComparer.Ordinal), ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return [.. rows.Select(g =>
        {
            var front = CanonicalContent.FromJson<GuideFrontMatter>(g.FrontMatterJson);
            var ev = Content.Evidence.Of(front, today);
            var readers = confirmations.GetValueOrDefault(g.Slug, Reports.ReaderEvidence.None);
            var evidence = new EvidenceDocument(ev.Overall, ev.Newest,
                [.. ev.Claims.Select(c => new ClaimEvidence(c.Key, c.Section, c.Level, c.Cite, c.Newest,
                    readers.FlaggedClaims.TryGetValue(c.Key, out var flag) ? new ReaderFlag(flag.Kind, flag.Day) : null))],
                readers.Worked, readers.LatestWorked);
            return new GuideDocument(g.Slug, origin + GuidePath(g.Slug), origin + GuidePath(g.Slug) + "/history",
                origin + GuidePath(g.Slug) + "/feed.atom", g.PublishedRevisionNumber ?? 0, Utc(g.UpdatedAtUtc), g.LastVerified, g.FactsAsOf,
                front, g.BodyMarkdown, g.BodyHtml, evidence);
        })];
    }

    /// <summary>Every published provision, in the order of the law page.</summary>
    public static async Task<List<ProvisionDocument>> ProvisionsAsync(AppDb db, string origin, CancellationToken ct)
    {
        var rows = await db.Legal.AsNoTracking().Where(l => l.IsPublished).OrderBy(l => l.SortOrder).ThenBy(l => l.Key)
            .Select(l => new { l.Key, l.PublishedRevisionNumber, l.UpdatedAtUtc, l.FrontMatterJson, l.BodyMarkdown, l.BodyHtml })
            .ToListAsync(ct);
        return [.. rows.Select(l => new ProvisionDocument(l.Key, origin + "/legal#" + Uri.EscapeDataString(l.Key), l.PublishedRevisionNumber ?? 0,
            Utc(l.UpdatedAtUtc), CanonicalContent.FromJson<LegalFrontMatter>(l.FrontMatterJson), l.BodyMarkdown, l.BodyHtml))];
    }

    /// <summary>One search; result links start with <paramref name="origin"/> (empty: site-relative).</summary>
    public static async Task<SearchResponse> SearchAsync(AppDb db, SearchIndex search, string? q, string? category, string? difficulty,
        int? limit, string origin, CancellationToken ct)
    {
        var found = await search.SearchAsync(db, q, category, difficulty, limit ?? SearchIndex.DefaultLimit, ct);
        var results = found.Hits.Select(h => new SearchResult(h.Slug, h.Name, h.NameEn, h.Difficulty, h.Outcome, h.Summary,
            origin + GuidePath(h.Slug), h.Category, h.Snippet.ToHtml(), h.Snippet.Parts, h.Score)).ToList();
        return new SearchResponse(q ?? "", found.Count, results, found.CorrectedQuery, found.DidYouMean, found.Popular, found.CountIsCapped, found.NotCovered);
    }

    public static string GuidePath(string slug) => "/guides/" + Uri.EscapeDataString(slug);

    /// <summary>SQLite gives back times without a kind; every stored time is UTC.</summary>
    public static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
