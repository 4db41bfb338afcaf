using AccountExit.Web.Api.V1;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using AccountExit.Web.Accounts;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Serilog;
using Serilog.Events;

namespace AccountExit.Web.Startup;

public static class WebSetup
{
    /// <summary>
    /// The content root of a published site is the app's own folder, not the working directory: started from elsewhere (a service unit
    /// without WorkingDirectory, <c>dotnet /srv/ae/AccountExit.Web.dll</c>) the site would find no wwwroot and answer its
    /// stylesheet with an empty 200. An explicit <c>--contentRoot</c> or ASPNETCORE_CONTENTROOT still wins, and a host
    /// started by another program (the tests' factory) chooses its own.
    /// </summary>
    /// <summary>This process is the site itself, not a host started by another program (the tests' factory).</summary>
    public static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(WebSetup).Assembly;

    public static WebApplicationOptions Options(string[] args)
    {
        var ownProgram = IsOwnProcess;
        var chosen = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        // Only a published folder holds wwwroot; `dotnet run` keeps the project folder, which its settings are relative to.
        var published = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        return new WebApplicationOptions { Args = args, ContentRootPath = ownProgram && !chosen && published ? AppContext.BaseDirectory : null };
    }

    /// <summary>
    /// The build output (not the published folder) has no wwwroot of its own, only a manifest naming the project's:
    /// outside Development that manifest is not read by default, so read it; with neither, stop and say what to do.
    /// </summary>
    private static void UseBuildOutputAssets(WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() || builder.Environment.WebRootFileProvider.GetFileInfo("css/site.css").Exists)
        {
            return;
        }
        var manifest = Path.Combine(AppContext.BaseDirectory, builder.Environment.ApplicationName + ".staticwebassets.runtime.json");
        if (File.Exists(manifest))
        {
            builder.WebHost.UseStaticWebAssets();
            return;
        }
        throw new InvalidOperationException(
            $"No wwwroot/css/site.css under the content root {builder.Environment.ContentRootPath}: run the published folder " +
            "(dotnet publish), or pass --contentRoot (env ASPNETCORE_CONTENTROOT) naming the folder that holds wwwroot.");
    }

    public static WebApplicationBuilder AddAccountExitWeb(this WebApplicationBuilder builder)
    {
        UseBuildOutputAssets(builder);
        var logFile = builder.Configuration["AccountExit:LogFile"];
        // Each host keeps its own logger and closes only that one (the request log is given it too): the static Log is
        // never set, so another host in the same process (tests start many) neither takes over this one's log nor closes it.
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                // A request refused because the database is down is one warning (DatabaseUnavailable), not the same
                // stack trace from EF Core and the request log for every reader; outside requests nothing is dropped.
                .Filter.ByExcluding(DatabaseUnavailable.IsRepeatedInRequest)
                // A save that lost a race is a conflict page, not an error: EF Core's log of the refused command goes.
                .Filter.ByExcluding(LogFilters.IsConflictLoggedByEfCore)
                // A new PostgreSQL database: the provider's probe of the migrations history is not an error.
                .Filter.ByExcluding(LogFilters.IsFirstMigrationProbe)
                .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrWhiteSpace(logFile))
            {
                logger.WriteTo.File(logFile, formatProvider: System.Globalization.CultureInfo.InvariantCulture, buffered: false, shared: true);
            }
        }, preserveStaticLogger: true);
        builder.Services.AddExceptionHandler<DatabaseUnavailable>();
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Editor", Roles.EditorPolicy);
            o.Conventions.AuthorizeFolder("/Editor/Admin", Roles.AdminPolicy);
            o.Conventions.ConfigureFilter(new NoHandlerFilter());
            o.Conventions.AddPageRoute("/Editor/Guides/Edit", "editor/guides/new");
            o.Conventions.AllowAnonymousToPage("/Editor/Login");
            o.Conventions.AllowAnonymousToPage("/Editor/Denied");
            o.Conventions.AddPageApplicationModelConvention("/Editor/Login",
                m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(ProtectionSetup.LoginPolicy)));
            // Editor pages hold drafts and tokens: never stored by a browser or a proxy.
            o.Conventions.AddFolderApplicationModelConvention("/Editor",
                m => m.Filters.Add(new ResponseCacheAttribute { NoStore = true, Location = ResponseCacheLocation.None }));
        });
        // Razor escapes every non-ASCII character by default: Chinese pages would triple in size as &#x…; entities.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            // A 10,000-character Chinese query is about 90 KB once percent-encoded: it must still be just a search.
            o.Limits.MaxRequestLineSize = 128 * 1024;
            o.Limits.MaxRequestHeadersTotalSize = 160 * 1024;
        });
        return builder;
    }

    /// <summary>
    /// A guide is read millions of times: a quick successful read is logged at Debug (off by default), because a
    /// console line per request cost a third of the cached page's throughput. Errors, client errors and slow requests stay visible.
    /// </summary>
    private static LogEventLevel RequestLogLevel(HttpContext context, double elapsedMs, Exception? exception) =>
        exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : elapsedMs > 1000 ? LogEventLevel.Warning
        : context.Response.StatusCode >= 400 ? LogEventLevel.Information
        : LogEventLevel.Debug;

    public static WebApplication UseAccountExitPipeline(this WebApplication app)
    {
        // The scheme and client a proxy forwarded, before anything reads them.
        app.UseTrustedForwardedHeaders();
        // Cache hits: written with the headers (security headers included) their page was first sent with.
        app.UseHotPages();
        // Then, so every other response the app writes carries the headers: the editor's HTTPS refusal, error pages,
        // rate-limit refusals and output cache hits included (they are set as the response starts, after everything else).
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                // A database that cannot answer is a 503 (DatabaseUnavailable), logged by it as one warning, not a crash.
                SuppressDiagnosticsCallback = c => c.ExceptionHandledBy == Microsoft.AspNetCore.Diagnostics.ExceptionHandledType.ExceptionHandlerService,
                // A malformed request body (a bad chunk, a body over the limit) is the client's fault, found only when read.
                StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
            app.UseHsts();
            // Editor cookies are __Host- and Secure: over plain HTTP they cannot work, so say so instead of failing.
            app.UseWhen(c => !c.Request.IsHttps && c.Request.Path.StartsWithSegments("/editor", StringComparison.OrdinalIgnoreCase),
                plain => plain.Run(async c =>
                {
                    c.Response.StatusCode = StatusCodes.Status400BadRequest;
                    c.Response.ContentType = "text/plain; charset=utf-8";
                    c.Response.Headers.CacheControl = "no-store";
                    await c.Response.WriteAsync("编辑后台只能通过 HTTPS 访问。The editor is only available over HTTPS.");
                }));
        }
        app.UseReadOnlyApiCors();
        // Before everything a cache hit does not need (status pages, request logging, routing): a hit costs little more
        // than writing the stored bytes.
        app.UseLanguageChoice();
        app.UseAccountExitCaching();
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseApiV1Problems();
        // After the re-execute point, so a not-found page is in the language of the URL that was not found.
        app.UseRequestLocalization();
        app.UseSerilogRequestLogging(o =>
        {
            o.GetLevel = RequestLogLevel;
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });
        app.UseRouting();
        // Authentication first: the limit on anonymous POSTs needs to know who is signed in.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = ReadinessReport.WriteAsync });
        app.MapAccountExitOpenData();
        return app;
    }
}
