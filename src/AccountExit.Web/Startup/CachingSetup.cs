using System.IO.Compression;
using AccountExit.Web.Caching;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Startup;

public static class CachingSetup
{
    /// <summary>Long enough to never matter for speed; short enough to bound a page rendered just before a publish and stored just after it.</summary>
    private static readonly TimeSpan CacheExpiration = TimeSpan.FromMinutes(10);

    /// <summary>Output caching with one policy for every request, response compression (br, gzip), and the content validators.</summary>
    public static WebApplicationBuilder AddAccountExitCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContentVersions>();
        builder.Services.AddSingleton(s => new HotPages(s.GetRequiredService<ContentVersions>(), CacheExpiration,
            s.GetRequiredService<IOptions<AccountExitOptions>>().Value.HotPagesMegabytes * 1024L * 1024L));
        builder.Services.AddOutputCache(o => o.AddBasePolicy(new PublicPagePolicy(CacheExpiration)));
        builder.Services.AddResponseCompression(o =>
        {
            // Over HTTPS only public pages are compressed (they carry no secrets; see the HTTPS switch below).
            o.EnableForHttps = false;
            o.Providers.Add<BrotliProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        // Bodies are compressed once and then served from the cache many times: favour size over speed (Brotli: see BrotliProvider).
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return builder;
    }

    /// <summary>
    /// The hit path, first in the pipeline: a public page already rendered for the current content is written from
    /// <see cref="HotPages"/> with the headers it was first sent with; everything after it runs only for a miss.
    /// </summary>
    public static WebApplication UseHotPages(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AccountExitOptions>>().Value;
        if (options.OutputCache && options.HotPagesMegabytes > 0)
        {
            var hot = app.Services.GetRequiredService<HotPages>();
            app.Use(hot.InvokeAsync);
        }
        return app;
    }

    /// <summary>
    /// Early in the pipeline, before routing (public pages are recognised by path) and before authentication: a
    /// signed-in editor always carries the sign-in cookie, and a request with any cookie but the language choice is
    /// kept out of the caches (<see cref="SiteCache.IsPrivate"/>).
    /// The order inside matters: validators first (a 304 costs nothing), then the output cache, then compression
    /// inside it, so the cache stores compressed bodies and a hit is never compressed again.
    /// </summary>
    public static WebApplication UseAccountExitCaching(this WebApplication app)
    {
        app.UseHttpCacheHeaders();
        if (app.Services.GetRequiredService<IOptions<AccountExitOptions>>().Value.OutputCache)
        {
            app.UseOutputCache();
        }
        app.UseResponseCompression();
        app.Use((context, next) =>
        {
            if (context.Features.Get<PublicPage>() is not null && context.Features.Get<IHttpsCompressionFeature>() is { } https)
            {
                https.Mode = HttpsCompressionMode.Compress;
            }
            return next(context);
        });
        return app;
    }
}
