using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Editing;
using AccountExit.Web.Rendering;
using AccountExit.Web.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Startup;

public static class DataSetup
{
    /// <summary>The database (SQLite by default), typed options validated at start, the content pipeline and the health check.</summary>
    public static WebApplicationBuilder AddAccountExitData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountExitOptions>()
            .Bind(builder.Configuration.GetSection(AccountExitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.PostConfigure<AccountExitOptions>(o =>
        {
            if (!string.IsNullOrWhiteSpace(o.ContentPath))
            {
                o.ContentPath = Path.GetFullPath(o.ContentPath, builder.Environment.ContentRootPath);
            }
        });

        var connectionString = SqliteConnectionString(builder.Configuration.GetConnectionString("AccountExit"), builder.Environment.ContentRootPath);
        builder.Services.AddDbContextPool<AppDb>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<ContentImporter>();
        builder.Services.AddScoped<Publisher>();
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddHostedService<DatabaseStartup>();
        // /healthz: the process answers and its database too. /readyz: and content has been imported, so it can serve readers.
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDb>("database", tags: ["live", "ready"])
            .AddCheck<ContentHealthCheck>("content", tags: ["ready"]);
        return builder;
    }

    /// <summary>The folder of the SQLite file: Data Protection keys are kept beside the data they protect.</summary>
    public static string DataFolder(WebApplicationBuilder builder)
    {
        var file = new SqliteConnectionStringBuilder(SqliteConnectionString(builder.Configuration.GetConnectionString("AccountExit"),
            builder.Environment.ContentRootPath)).DataSource;
        return Path.GetDirectoryName(file) is { Length: > 0 } folder ? folder : builder.Environment.ContentRootPath;
    }

    /// <summary>Makes a relative SQLite file absolute (from the content root) and creates its folder.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                "Missing setting ConnectionStrings:AccountExit (env ConnectionStrings__AccountExit), e.g. \"Data Source=data/accountexit.db\".");
        }
        var builder = new SqliteConnectionStringBuilder(configured);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(file, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }

    /// <summary>Brings the database schema up to date (EF Core migrations own it). CLI verbs that use the database call this first.</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<AppDb>().Database.MigrateAsync(ct);

    /// <summary>Applies migrations, then imports content/, before the server takes its first request.</summary>
    private sealed class DatabaseStartup(IServiceProvider services, IOptions<AccountExitOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            await MigrateAsync(scope.ServiceProvider, cancellationToken);
            if (options.Value.ImportOnStart)
            {
                await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(options.Value.ContentPath, cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ContentHealthCheck(IServiceProvider services) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = services.CreateAsyncScope();
            var published = await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.AnyAsync(g => g.IsPublished, cancellationToken);
            return published
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("No published guide: has content/ been imported?");
        }
    }
}
