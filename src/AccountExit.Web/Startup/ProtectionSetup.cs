using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using AccountExit.Web.Reports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace AccountExit.Web.Startup;

/// <summary>The <c>AccountExit:Protection</c> settings: rate limits per client, and which proxies may name the client.</summary>
public sealed class ProtectionOptions
{
    public const string Section = "AccountExit:Protection";

    /// <summary>Sign-in attempts a minute per client.</summary>
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>POSTs a minute per client that is not signed in (sign-in, the report form, a guide request).</summary>
    public int AnonymousPostsPerMinute { get; set; } = 30;

    /// <summary>Search API requests a minute per client (search as you type sends one per pause in typing).</summary>
    public int SearchPerMinute { get; set; } = 120;

    /// <summary>Reader reports a client may send per <see cref="ReportWindowMinutes"/> (every attempt counts, accepted or not).</summary>
    [Range(1, 10_000, ErrorMessage = "AccountExit:Protection:ReportsPerWindow (env AccountExit__Protection__ReportsPerWindow) must be between 1 and 10000.")]
    public int ReportsPerWindow { get; set; } = 5;

    [Range(1, 1440, ErrorMessage = "AccountExit:Protection:ReportWindowMinutes (env AccountExit__Protection__ReportWindowMinutes) must be between 1 and 1440.")]
    public int ReportWindowMinutes { get; set; } = 10;

    /// <summary>A report form sent sooner than this after it was served is refused as automated (0 switches the check off, for tests).</summary>
    [Range(0, 3600, ErrorMessage = "AccountExit:Protection:ReportFormMinSeconds (env AccountExit__Protection__ReportFormMinSeconds) must be between 0 and 3600.")]
    public int ReportFormMinSeconds { get; set; } = 3;

    /// <summary>A report form older than this is refused (and served again): a reader may try the steps first, a replayed form may not live for ever.</summary>
    [Range(1, 168, ErrorMessage = "AccountExit:Protection:ReportFormMaxHours (env AccountExit__Protection__ReportFormMaxHours) must be between 1 and 168.")]
    public int ReportFormMaxHours { get; set; } = 6;

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For / -Proto are believed. None by default: the headers are ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>
/// What stands between the site and a hostile client: rate limits (429 with Retry-After, partitioned per client
/// address, forwarded headers honoured only from configured proxies), request size limits, and HSTS in production.
/// </summary>
public static class ProtectionSetup
{
    public const string LoginPolicy = "login";
    public const string SearchPolicy = "search";
    public const string ReportsPolicy = "reports";

    /// <summary>Largest request body: a guide with its whole Markdown body is far below this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddAccountExitProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ProtectionOptions.Section).Get<ProtectionOptions>() ?? new ProtectionOptions();
        builder.Services.AddOptions<ProtectionOptions>()
            .Bind(builder.Configuration.GetSection(ProtectionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ReportFormToken>();

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in options.TrustedProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
            // The default skips localhost; a production host is never localhost, and tests run as production.
            o.ExcludedHosts.Clear();
        });

        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = MaxBodyBytes;
            o.MultipartBodyLengthLimit = MaxBodyBytes;
            o.ValueCountLimit = 2048;
        });

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.User.Identity?.IsAuthenticated != true
                    ? PerMinute("post:" + Client(context), options.AnonymousPostsPerMinute)
                    : RateLimitPartition.GetNoLimiter(""));
            o.AddPolicy(LoginPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? PerMinute(Client(context), options.LoginPerMinute)
                : RateLimitPartition.GetNoLimiter(""));
            o.AddPolicy(SearchPolicy, context => PerMinute(Client(context), options.SearchPerMinute));
            o.AddPolicy(ReportsPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? Fixed(Client(context), options.ReportsPerWindow, TimeSpan.FromMinutes(options.ReportWindowMinutes))
                : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }

    /// <summary>
    /// Forwarded headers only when proxies are configured: ASP.NET Core trusts every sender when its lists of known
    /// proxies are empty, so with none configured the middleware is left out altogether.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProtectionOptions>>().Value.TrustedProxies.Count > 0
            ? app.UseForwardedHeaders()
            : app;

    /// <summary>The client's address: the connection's, or the one a trusted proxy forwarded (UseForwardedHeaders ran first).</summary>
    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> PerMinute(string key, int limit) => Fixed(key, limit, TimeSpan.FromMinutes(1));

    private static RateLimitPartition<string> Fixed(string key, int limit, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit),
            Window = window,
            QueueLimit = 0,
        });
}
