using Microsoft.Net.Http.Headers;

namespace AccountExit.Web.Caching;

/// <summary>A public page as the cache sees it: the tags that evict it, the query keys that change it, its validator.</summary>
public sealed record PublicPage(string[] Tags, string[] QueryKeys, EntityTagHeaderValue ETag);

/// <summary>
/// The table of public, cacheable URLs and what each one shows. A URL not in this table (the editor, health checks,
/// error pages, anything added later) is never cached: caching is opt-in, here, in one place.
/// </summary>
public static class PublicPages
{
    public static PublicPage? Describe(HttpContext context, ContentVersions.Snapshot versions)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return null;
        }
        // Both languages of a page show the same content: same tags, same validator; the cache keys them apart by path.
        var path = UiLanguage.Neutral(request.Path.Value is { Length: > 1 } p ? p.TrimEnd('/') : "/");
        if (Is(path, "/"))
        {
            return new([SiteCache.GuidesTag], ["category", "difficulty"], versions.GuideList);
        }
        if (Is(path, "/search") || Is(path, "/api/search"))
        {
            return new([SiteCache.GuidesTag], ["q", "category", "difficulty", "limit"], versions.GuideList);
        }
        if (Is(path, "/plan"))
        {
            // Every published guide's checklist and plan links, the same for every reader (their plan stays in the browser).
            return new([SiteCache.GuidesTag], [], versions.GuideList);
        }
        if (Is(path, "/legal"))
        {
            return new([SiteCache.LegalTag], [], versions.Legal);
        }
        if (Is(path, "/about"))
        {
            return new([SiteCache.AboutTag], [], versions.Build);
        }
        if (OpenData(path, versions) is { } openData)
        {
            return openData;
        }
        if (Slug(path, "/guides/") is { } slug && versions.Guides.TryGetValue(slug, out var etag))
        {
            return new([SiteCache.GuideTag(slug), SiteCache.LegalTag, SiteCache.GuideLinksTag], [], etag);
        }
        if (Is(path, "/complaints"))
        {
            return new([SiteCache.ComplaintsTag], [], versions.Build);
        }
        if (path.EndsWith("/letter", StringComparison.OrdinalIgnoreCase) && Slug(path[..^"/letter".Length], "/guides/") is { } letterSlug
            && versions.Guides.TryGetValue(letterSlug, out var letterTag))
        {
            // The letter names the platform and cites the law texts: it changes when either does. The reason is the
            // only query it reads; what a reader types never reaches the server.
            return new([SiteCache.GuideTag(letterSlug), SiteCache.LegalTag], ["reason"], letterTag);
        }
        if (path.EndsWith("/history", StringComparison.OrdinalIgnoreCase) && Slug(path[..^"/history".Length], "/guides/") is { } historySlug
            && versions.Guides.TryGetValue(historySlug, out var historyTag))
        {
            // The history lists published changes: it changes exactly when the guide does.
            return new([SiteCache.GuideTag(historySlug)], [], historyTag);
        }
        // An unknown slug is a 404: not cached, no validator.
        return null;
    }

    /// <summary>What other programs read (docs/api.md): the v1 API, feeds, sitemap, robots.txt, OpenSearch.</summary>
    private static PublicPage? OpenData(string path, ContentVersions.Snapshot versions)
    {
        // The site's own /api/guides* and /api/search are v1's documents with relative links.
        if (Is(path, "/api/v1/guides") || Is(path, "/api/guides"))
        {
            return new([SiteCache.GuidesTag], [], versions.GuideList);
        }
        if (Is(path, "/api/v1/search") || Is(path, "/api/v1/suggest"))
        {
            return new([SiteCache.GuidesTag], ["q", "category", "difficulty", "limit"], versions.GuideList);
        }
        if (Is(path, "/api/v1/legal"))
        {
            return new([SiteCache.LegalTag], [], versions.Legal);
        }
        // Every guide and provision, or every page with its last change.
        if (Is(path, "/api/v1/export") || Is(path, "/sitemap.xml"))
        {
            return new([SiteCache.GuidesTag, SiteCache.LegalTag], [], versions.Everything);
        }
        // A feed changes when any guide is published: the guide list's tag and validator change with every publish.
        if (Is(path, "/feeds/guides.atom"))
        {
            return new([SiteCache.GuidesTag], [], versions.GuideList);
        }
        // Only a deployment changes these.
        if (Is(path, "/api/v1/openapi.json") || Is(path, "/api/v1/export.schema.json") || Is(path, "/robots.txt") || Is(path, "/opensearch.xml"))
        {
            return new([], [], versions.Build);
        }
        if ((Slug(path, "/api/v1/guides/") ?? Slug(path, "/api/guides/")) is { } slug && versions.Guides.TryGetValue(slug, out var etag))
        {
            return new([SiteCache.GuideTag(slug)], [], etag);
        }
        // A guide's feed lists its published revisions: it changes exactly when the guide does.
        if (path.EndsWith("/feed.atom", StringComparison.OrdinalIgnoreCase) && Slug(path[..^"/feed.atom".Length], "/guides/") is { } feedSlug
            && versions.Guides.TryGetValue(feedSlug, out var feedTag))
        {
            return new([SiteCache.GuideTag(feedSlug)], [], feedTag);
        }
        return null;
    }

    /// <summary>The one segment after <paramref name="prefix"/>, as the route <c>{prefix}{slug}</c> would bind it (this runs before routing, so a hit skips it).</summary>
    private static string? Slug(string path, string prefix) =>
        path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', prefix.Length) < 0
            ? path[prefix.Length..]
            : null;

    private static bool Is(string path, string page) => string.Equals(path, page, StringComparison.OrdinalIgnoreCase);
}
