using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace AccountExit.Web.Api.V1;

/// <summary>
/// Every v1 error is an RFC 7807 problem document, whoever set the status: an unknown route (404), a method other than
/// GET or HEAD (405), a parameter that does not bind (400), a rate limit (429). The site's HTML status pages are for
/// people, so they are switched off for these requests.
/// </summary>
public static class ProblemResponses
{
    /// <summary>After the status-code pages middleware, so it can switch them off for v1 requests.</summary>
    public static IApplicationBuilder UseApiV1Problems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(ApiV1.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        await next(context);
        var status = context.Response.StatusCode;
        if (status >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null or 0
            && context.Response.ContentType is null)
        {
            await Results.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: Detail(status, context))
                .ExecuteAsync(context);
        }
    });

    private static string? Detail(int status, HttpContext context) => status switch
    {
        StatusCodes.Status404NotFound => $"No such resource: {context.Request.Path}. The routes are listed in {ApiV1.Prefix}/openapi.json.",
        StatusCodes.Status405MethodNotAllowed => "This API is read-only: only GET and HEAD are allowed.",
        StatusCodes.Status400BadRequest => "A query parameter has a value of the wrong type (limit must be a whole number).",
        StatusCodes.Status429TooManyRequests => "Too many requests from this address; try again after the number of seconds in Retry-After.",
        _ => null,
    };
}
