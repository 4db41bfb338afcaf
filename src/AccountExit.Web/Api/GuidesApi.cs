using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Search;
using AccountExit.Web.Startup;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Api;

/// <summary>The read-only JSON API: <c>/api/search</c>, <c>/api/guides</c>, <c>/api/guides/{slug}</c>.</summary>
public static class GuidesApi
{
    /// <param name="Snippet">The best matching passage as safe HTML: encoded text with the matches in <c>&lt;mark&gt;</c>.</param>
    /// <param name="Highlights">The same passage as text parts, for clients that build their own markup.</param>
    public sealed record SearchResult(string Slug, string Name, string NameEn, string Difficulty, string Outcome, string Summary, string Url,
        string Category, string Snippet, IReadOnlyList<Snippet.Part> Highlights, double Score);

    /// <param name="Count">How many guides match in all, up to 1,000; <paramref name="Results"/> holds the best ones, up to the limit.</param>
    /// <param name="CountIsCapped">More guides match than <paramref name="Count"/> says (shown as "1000+").</param>
    public sealed record SearchResponse(string Query, int Count, IReadOnlyList<SearchResult> Results, string? CorrectedQuery = null,
        IReadOnlyList<SearchIndex.Suggestion>? DidYouMean = null, IReadOnlyList<SearchIndex.Suggestion>? Popular = null,
        bool CountIsCapped = false, string? NotCovered = null);

    public sealed record GuideListItem(string Slug, string Name, string NameEn, string Company, string Category, string Difficulty,
        string Outcome, string Summary, string SummaryEn, DateOnly LastVerified, string Url);

    public sealed record GuideDocument(string Url, GuideFrontMatter Guide, string BodyMarkdown, string BodyHtml, DateTime UpdatedAtUtc);

    public static IEndpointRouteBuilder MapAccountExitApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/search", async (string? q, string? category, string? difficulty, int? limit, AppDb db, SearchIndex search,
            CancellationToken ct) => Results.Ok(await SearchAsync(db, search, q, category, difficulty, limit, "", ct)))
            .RequireRateLimiting(ProtectionSetup.SearchPolicy);

        api.MapGet("/guides", async (AppDb db, CancellationToken ct) =>
        {
            var guides = await db.Guides.AsNoTracking().Where(g => g.IsPublished).OrderBy(g => g.Slug)
                .Select(g => new GuideListItem(g.Slug, g.Name, g.NameEn, g.Company, g.Category, g.Difficulty, g.Outcome, g.Summary,
                    g.SummaryEn, g.LastVerified, "/guides/" + g.Slug))
                .ToListAsync(ct);
            return Results.Ok(guides);
        });

        api.MapGet("/guides/{slug}", async (string slug, AppDb db, CancellationToken ct) =>
        {
            var row = await db.Guides.AsNoTracking().Where(g => g.IsPublished && g.Slug == slug)
                .Select(g => new { g.FrontMatterJson, g.BodyMarkdown, g.BodyHtml, g.UpdatedAtUtc })
                .FirstOrDefaultAsync(ct);
            if (row is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such guide",
                    detail: $"There is no published guide '{slug}'. See /api/guides for the list.");
            }
            var guide = CanonicalContent.FromJson<GuideFrontMatter>(row.FrontMatterJson);
            return Results.Ok(new GuideDocument(GuideUrl(slug), guide, row.BodyMarkdown, row.BodyHtml, row.UpdatedAtUtc));
        });

        return app;
    }

    /// <summary>One search, for <c>/api/search</c> (relative links, <paramref name="origin"/> empty) and <c>/api/v1/search</c> (absolute).</summary>
    public static async Task<SearchResponse> SearchAsync(AppDb db, SearchIndex search, string? q, string? category, string? difficulty,
        int? limit, string origin, CancellationToken ct)
    {
        var found = await search.SearchAsync(db, q, category, difficulty, limit ?? SearchIndex.DefaultLimit, ct);
        var results = found.Hits.Select(h => new SearchResult(h.Slug, h.Name, h.NameEn, h.Difficulty, h.Outcome, h.Summary,
            origin + GuideUrl(h.Slug), h.Category, h.Snippet.ToHtml(), h.Snippet.Parts, h.Score)).ToList();
        return new SearchResponse(q ?? "", found.Count, results, found.CorrectedQuery, found.DidYouMean, found.Popular, found.CountIsCapped, found.NotCovered);
    }

    private static string GuideUrl(string slug) => "/guides/" + Uri.EscapeDataString(slug);
}
