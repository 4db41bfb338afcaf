using AccountExit.Web.Api.V1;
using AccountExit.Web.Crawlers;
using AccountExit.Web.Feeds;
using AccountExit.Web.Search;

namespace AccountExit.Web.Startup;

/// <summary>
/// What other programs read (docs/api.md): the versioned JSON API with its OpenAPI document, the Atom feeds, the
/// sitemap, robots.txt and the OpenSearch description. Their CORS and error middleware sit in the pipeline in WebSetup.
/// </summary>
public static class OpenDataSetup
{
    public static WebApplicationBuilder AddAccountExitOpenData(this WebApplicationBuilder builder) => builder.AddAccountExitApiV1();

    public static IEndpointRouteBuilder MapAccountExitOpenData(this IEndpointRouteBuilder app) => app
        .MapAccountExitApiV1()
        .MapGuideFeeds()
        .MapSitemap()
        .MapRobotsTxt()
        .MapOpenSearch();
}
