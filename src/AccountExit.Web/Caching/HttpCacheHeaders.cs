using Microsoft.Net.Http.Headers;

namespace AccountExit.Web.Caching;

/// <summary>
/// Browser and CDN caching for public pages: a weak ETag from the content, <c>If-None-Match</c> answered with a 304
/// before the page or the output cache is reached, <c>Cache-Control</c> and <c>Vary: Accept-Encoding</c>. Private
/// responses (the editor, a signed-in user) get <c>Cache-Control: no-store</c> unless they set their own.
/// </summary>
public static class HttpCacheHeaders
{
    /// <summary>
    /// A minute fresh in browsers and shared caches, so a correction reaches readers quickly; revalidation is a cheap
    /// 304. A stale copy may be shown for ten minutes while it revalidates, and for a day if this server is down.
    /// </summary>
    public const string PublicCacheControl = "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";

    public static IApplicationBuilder UseHttpCacheHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (SiteCache.IsPrivate(context))
        {
            context.Response.OnStarting(() =>
            {
                // Fingerprinted assets keep their own immutable Cache-Control: the browser sends the cookie with them too.
                if (context.Response.Headers.CacheControl.Count == 0)
                {
                    context.Response.Headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            await next(context);
            return;
        }
        var versions = await context.RequestServices.GetRequiredService<ContentVersions>().GetAsync(context.RequestAborted);
        if (PublicPages.Describe(context, versions) is not { } page)
        {
            await next(context);
            return;
        }
        context.Features.Set(page);
        var headers = context.Request.Headers;
        var notModified = IsNotModified(headers.IfNoneMatch, page.ETag);
        // This middleware is the one judge of conditional requests for public pages; the output cache must not answer
        // them from the validators it stored with an entry.
        headers.Remove(HeaderNames.IfNoneMatch);
        headers.Remove(HeaderNames.IfModifiedSince);

        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
            {
                response.Headers.ETag = page.ETag.ToString();
                response.Headers.CacheControl = PublicCacheControl;
                if (!response.Headers.Vary.Any(v => v is not null && v.Contains(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase)))
                {
                    response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                }
            }
            return Task.CompletedTask;
        });
        if (notModified)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        await next(context);
    });

    private static bool IsNotModified(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, EntityTagHeaderValue etag) =>
        ifNoneMatch.Count > 0
        && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
}
