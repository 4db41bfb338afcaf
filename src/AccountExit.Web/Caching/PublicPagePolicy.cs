using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace AccountExit.Web.Caching;

/// <summary>
/// The output cache's only policy, applied to every request: cache what <see cref="PublicPages"/> describes, for
/// anonymous readers only, one entry per normalised encoding so the compressed body is what is stored.
/// </summary>
public sealed class PublicPagePolicy(TimeSpan expiration) : IOutputCachePolicy
{
    public const string EncodingKey = "encoding";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (http.Features.Get<PublicPage>() is not { } page || SiteCache.IsPrivate(http))
        {
            context.EnableOutputCaching = false;
            context.AllowCacheLookup = false;
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = expiration;
        context.CacheVaryByRules.QueryKeys = page.QueryKeys;
        context.CacheVaryByRules.VaryByValues[EncodingKey] = NormalisedEncoding(http);
        context.Tags.Add(SiteCache.EverythingTag);
        foreach (var tag in page.Tags)
        {
            context.Tags.Add(tag);
        }
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only a plain 200 without a cookie is the same for every reader.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// br, gzip or identity: exactly the choice response compression will make for this request (asked of its own
    /// provider), so every client that would get the same bytes shares one entry and no other client gets them.
    /// </summary>
    public static string NormalisedEncoding(HttpContext context)
    {
        var compression = context.RequestServices.GetRequiredService<IResponseCompressionProvider>();
        return compression.CheckRequestAcceptsCompression(context)
            ? compression.GetCompressionProvider(context)?.EncodingName ?? "identity"
            : "identity";
    }
}
