using AccountExit.Web.Api.V1;

namespace AccountExit.Web.Crawlers;

/// <summary>
/// <c>/robots.txt</c>: the public site may be crawled; the editor may not, nor search results and the language switch,
/// whose URLs are endless (any query, any page to return to) and show nothing the sitemap does not list.
/// </summary>
public static class RobotsTxt
{
    public static IEndpointRouteBuilder MapRobotsTxt(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/robots.txt", ApiV1.ReadMethods, (HttpContext http) => Results.Text(
            $"""
            User-agent: *
            Allow: /
            Disallow: /editor
            Disallow: /search
            Disallow: /en/search
            Disallow: /api/search
            Disallow: {ApiV1.Prefix}/search
            Disallow: {ApiV1.Prefix}/suggest
            Disallow: /language/

            Sitemap: {PublicOrigin.Url(http, Sitemap.Path)}

            """, "text/plain; charset=utf-8"));
        return app;
    }
}
