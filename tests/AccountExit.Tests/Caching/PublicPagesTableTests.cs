using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Caching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Caching;

/// <summary>
/// <see cref="PublicPages"/> is the one table of what the caches may keep, written by hand beside the pages' own route
/// declarations. This walks every endpoint the app maps, so a new anonymous GET page or API that is neither in the table
/// nor named below as never cached fails here instead of going silently uncached.
/// </summary>
[Collection("site")]
public sealed class PublicPagesTableTests(SiteFixture site)
{
    /// <summary>Anonymous GETs that are never cached, each for a reason a reader would notice if it were.</summary>
    private static readonly Dictionary<string, string> NeverCached = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/error"] = "an error page describes one failed request",
        ["/not-found"] = "shown for any unknown URL, under that URL",
        ["/search/request"] = "a form with this reader's antiforgery token",
        ["/guides/{slug}/report"] = "a form with this reader's antiforgery token",
        ["/guides/{slug}/report/sent"] = "thanks one reader for one report",
        ["/language/{code}"] = "sets the reader's language cookie",
        ["/healthz"] = "must tell the truth now",
        ["/readyz"] = "must tell the truth now",
        ["/editor/login"] = "the editor: never cached",
        ["/editor/denied"] = "the editor: never cached",
        ["/editor/logout"] = "the editor: never cached",
        ["/{**path:file}"] = "files without a fingerprint: served by the static file handler with its own validators",
    };

    /// <summary>A value for each route parameter that names something that exists.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["slug"] = "wechat",
        ["code"] = "en",
        ["documentName"] = "v1",
    };

    private static bool IsGet(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase);

    private static bool IsAnonymous(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0;

    private static string Neutral(string pattern) =>
        pattern == "en" ? "/" : pattern.StartsWith("en/", StringComparison.OrdinalIgnoreCase) ? "/" + pattern[3..] : "/" + pattern.TrimStart('/');

    [Fact]
    public async Task Every_anonymous_GET_endpoint_is_either_a_public_page_or_named_as_never_cached()
    {
        var snapshot = await site.Factory.Services.GetRequiredService<ContentVersions>().GetAsync(CancellationToken.None);
        var routes = site.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsGet(e) && IsAnonymous(e))
            // Fingerprinted static files carry their own immutable Cache-Control (MapStaticAssets).
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(e => e.RoutePattern)
            .ToList();
        Assert.True(routes.Count > 20, $"only {routes.Count} endpoints found: the walk itself is broken");

        var unclassified = new List<string>();
        var described = 0;
        foreach (var pattern in routes)
        {
            var raw = pattern.RawText ?? "";
            var neutral = Neutral(raw);
            if (NeverCached.ContainsKey(neutral) || neutral.StartsWith("/editor", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                    Samples.TryGetValue(parameter.Name, out var sample) ? sample : throw new InvalidOperationException($"no sample value for {{{parameter.Name}}} in {raw}"),
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                _ => "",
            }))));
            var context = new DefaultHttpContext();
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            if (PublicPages.Describe(context, snapshot) is null)
            {
                unclassified.Add($"{raw} (tried {path})");
            }
            else
            {
                described++;
            }
        }
        Assert.True(unclassified.Count == 0,
            "anonymous GET endpoints neither described in Caching/PublicPages.cs nor named as never cached in this test:\n" + string.Join('\n', unclassified));
        Assert.True(described > 20, $"only {described} endpoints are public pages");
    }
}
