namespace AccountExit.Web.Api.V1;

/// <summary>
/// Any web page may read <c>/api/v1/…</c> (<c>Access-Control-Allow-Origin: *</c>, GET and HEAD, never credentials);
/// nothing else on the site is readable cross-origin. Not ASP.NET Core's CORS middleware: that adds the headers only
/// when a request carries <c>Origin</c>, and the output cache would then serve a response stored for a same-origin
/// request, without them, to a cross-origin one. Here every v1 response carries the same headers, cached or not.
/// </summary>
public static class ReadOnlyCors
{
    public static IApplicationBuilder UseReadOnlyApiCors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(ApiV1.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var headers = context.Response.Headers;
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            // A preflight (or any OPTIONS): what a browser may do here. A method not listed is refused by the browser.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowMethods = "GET, HEAD";
            headers.AccessControlAllowHeaders = "*";
            headers.AccessControlMaxAge = "86400";
            headers.Allow = "GET, HEAD, OPTIONS";
            headers.CacheControl = "public, max-age=86400";
            return;
        }
        context.Response.OnStarting(() =>
        {
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlExposeHeaders = "ETag, Retry-After";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
