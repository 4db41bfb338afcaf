using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Data.PostgreSql;
using AccountExit.Web.Editing;
using AccountExit.Web.Rendering;
using AccountExit.Web.Search;
using AccountExit.Web.Search.PostgreSql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AccountExit.Web.Startup;

public static partial class DataSetup
{
    /// <summary>The database (SQLite by default, or PostgreSQL: <c>AccountExit:Database</c>), typed options validated at start, the content pipeline and the health check.</summary>
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

        AddDatabase(builder);
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<ContentImporter>();
        builder.Services.AddScoped<Publisher>();
        builder.Services.AddSingleton<SearchIndex>();
        // First of all hosted services, ahead of Data Protection's (registered by antiforgery, earlier), which loads the
        // key ring at start and would make a key of its own on an empty farm database outside the import lock below.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseStartup>());
        builder.Services.AddHostedService<SearchWarmup>();
        // /healthz: the process answers and its database too. /readyz: and content has been imported, so it can serve
        // readers, and (PostgreSQL) it hears the other instances' evictions.
        var health = builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDb>("database", tags: ["live", "ready"])
            .AddCheck<ContentHealthCheck>("content", tags: ["ready"]);
        if (Provider(builder.Configuration) == DatabaseProvider.PostgreSql)
        {
            // After DatabaseStartup: it listens once the schema exists. CLI verbs never start it but use it to notify.
            var connectionString = PostgreSqlConnectionString(builder.Configuration.GetConnectionString("AccountExit"));
            builder.Services.AddSingleton(services => new FarmEviction(connectionString, services, services.GetRequiredService<ILogger<FarmEviction>>()));
            builder.Services.AddHostedService(services => services.GetRequiredService<FarmEviction>());
            health.AddCheck<FarmEviction>("eviction listener", tags: ["ready"]);
            // Read here, not from AccountExitOptions: they decide what is registered, before options exist.
            if (SearchReplicaOn(builder.Configuration[$"{AccountExitOptions.Section}:SearchReplica"]))
            {
                var folder = SearchReplicaFolder(builder.Configuration[$"{AccountExitOptions.Section}:SearchReplicaFolder"],
                    builder.Environment.ContentRootPath);
                builder.Services.AddSingleton(services => new SearchReplica(folder, services.GetRequiredService<IServiceScopeFactory>(),
                    services.GetRequiredService<ILogger<SearchReplica>>()));
                health.AddCheck<SearchReplica>("search replica", tags: ["ready"]);
            }
        }
        return builder;
    }

    /// <summary>
    /// SQLite's folder, where the Data Protection keys are kept beside the data they protect; null on PostgreSQL,
    /// which keeps them in the database (shared by every instance).
    /// </summary>
    public static string? DataFolder(WebApplicationBuilder builder)
    {
        if (Provider(builder.Configuration) == DatabaseProvider.PostgreSql)
        {
            return null;
        }
        var file = new SqliteConnectionStringBuilder(SqliteConnectionString(builder.Configuration.GetConnectionString("AccountExit"),
            builder.Environment.ContentRootPath)).DataSource;
        return Path.GetDirectoryName(file) is { Length: > 0 } folder ? folder : builder.Environment.ContentRootPath;
    }

    /// <summary><c>AccountExit:Database</c>: <c>Sqlite</c> (the default) or <c>PostgreSql</c>; anything else stops the start.</summary>
    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration[$"{AccountExitOptions.Section}:Database"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }
        return value.Trim() switch
        {
            var v when v.Equals(nameof(DatabaseProvider.Sqlite), StringComparison.OrdinalIgnoreCase) => DatabaseProvider.Sqlite,
            var v when v.Equals(nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase) => DatabaseProvider.PostgreSql,
            _ => throw new SettingException(
                $"AccountExit:Database (env AccountExit__Database) is '{value}': it must be Sqlite (the default) or PostgreSql."),
        };
    }

    private static void AddDatabase(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("AccountExit");
        if (Provider(builder.Configuration) == DatabaseProvider.Sqlite)
        {
            var connectionString = SqliteConnectionString(configured, builder.Environment.ContentRootPath);
            builder.Services.AddDbContextPool<AppDb>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
            return;
        }
        var postgres = PostgreSqlConnectionString(configured);
        builder.Services.AddDbContextPool<AppDb, PostgreSqlAppDb>((services, o) =>
            o.UseNpgsql(postgres).AddInterceptors(new CommitWatcher(services.GetRequiredService<SearchIndex>())));
        // Data Protection's key store asks for the context by its own type.
        builder.Services.AddScoped(services => (PostgreSqlAppDb)services.GetRequiredService<AppDb>());
    }

    /// <summary>
    /// <c>AccountExit:SearchReplica</c>: on PostgreSQL, search a copy of the index kept by each instance
    /// (<see cref="SearchReplica"/>), PostgreSQL while it catches up; false: every search on PostgreSQL. True unless set
    /// to false; anything else stops the start.
    /// </summary>
    private static bool SearchReplicaOn(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? true
        : bool.TryParse(configured.Trim(), out var on) ? on
        : throw new SettingException($"AccountExit:SearchReplica (env AccountExit__SearchReplica) is '{configured}': it must be true (the default) or false.");

    /// <summary>
    /// <c>AccountExit:SearchReplicaFolder</c> as an absolute folder (relative: from the content root; unset: the system's
    /// temporary folder), created and checked for writing now, so a folder the server cannot write stops the start.
    /// </summary>
    private static string SearchReplicaFolder(string? configured, string contentRoot)
    {
        var folder = string.IsNullOrWhiteSpace(configured) ? Path.GetTempPath() : Path.GetFullPath(configured, contentRoot);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $"{SearchReplica.FilePrefix}probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SettingException(
                $"AccountExit:SearchReplicaFolder (env AccountExit__SearchReplicaFolder) is '{folder}': the server cannot write there ({e.Message}). " +
                "Name a folder it can write, or set AccountExit:SearchReplica to false to search on PostgreSQL alone.", e);
        }
        return folder;
    }

    /// <summary>A PostgreSQL connection string that parses and names a host; checked for reachability at start (<see cref="DatabaseStartup"/>).</summary>
    public static string PostgreSqlConnectionString(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new SettingException(
                "Missing setting ConnectionStrings:AccountExit (env ConnectionStrings__AccountExit), e.g. \"Host=db.example;Database=accountexit;Username=accountexit;Password=…\".");
        }
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException e)
        {
            throw new SettingException(
                $"ConnectionStrings:AccountExit (env ConnectionStrings__AccountExit) is not a valid PostgreSQL connection string: {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            throw new SettingException(
                "ConnectionStrings:AccountExit (env ConnectionStrings__AccountExit) names no Host: with AccountExit:Database=PostgreSql it must be a PostgreSQL connection string such as \"Host=db.example;Database=accountexit;Username=accountexit\".");
        }
        return parsed.ConnectionString;
    }

    /// <summary>Opens one connection before anything else touches the database, so a wrong server, database or password is one clear message.</summary>
    public static async Task CheckReachableAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await CheckReachableAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), CancellationToken.None);
    }

    private static async Task CheckReachableAsync(AppDb db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        var where = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.CloseConnectionAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            throw new SettingException(
                $"ConnectionStrings:AccountExit (env ConnectionStrings__AccountExit): cannot connect to PostgreSQL at {where.Host}:{where.Port}, " +
                $"database '{where.Database}', user '{where.Username}': {e.Message}", e);
        }
    }

    /// <summary>Makes a relative SQLite file absolute (from the content root) and creates its folder.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new SettingException(
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
        MigratedAsync(services, () => Task.FromResult(0), ct);

    /// <summary>
    /// Applies migrations, then runs <paramref name="work"/> (an import). On PostgreSQL both happen under a session
    /// advisory lock, so of several instances (or an <c>import</c> verb) starting at once on one database exactly one
    /// migrates and imports while the others wait, then find the work done: their import sees every file unchanged
    /// and writes nothing. On SQLite there is one process, and SQLite's write lock orders writers anyway.
    /// </summary>
    public static async Task<T> MigratedAsync<T>(IServiceProvider services, Func<Task<T>> work, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDb>();
        await CheckReachableAsync(db, ct);
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(ct);
            return await work();
        }
        // The lock belongs to this connection: kept open until released, and used by the migrations and the import.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataSetup));
            var waited = false;
            while (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({ImportLock}) AS \"Value\"").SingleAsync(ct))
            {
                if (!waited)
                {
                    LogWaitingForImport(log);
                    waited = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            try
            {
                await db.Database.MigrateAsync(ct);
                return await work();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({ImportLock})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The advisory lock key that serialises migrations and imports on one PostgreSQL database.</summary>
    private const long ImportLock = 0x4163634578697431; // "AccExit1"

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance is migrating or importing this database: waiting for it")]
    private static partial void LogWaitingForImport(ILogger log);

    /// <summary>Applies migrations, then imports content/, before the server takes its first request.</summary>
    private sealed class DatabaseStartup(IServiceProvider services, IOptions<AccountExitOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            await MigratedAsync(scope.ServiceProvider, async () =>
            {
                if (options.Value.ImportOnStart)
                {
                    await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(options.Value.ContentPath, cancellationToken);
                }
                // On PostgreSQL, under the lock: the first instance of a farm makes the Data Protection key and the others
                // read it, rather than each making its own at its first sign-in or form and rejecting the others' tokens
                // until its key ring is next refreshed.
                scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(nameof(DatabaseStartup)).Protect([0]);
                return 0;
            }, cancellationToken);
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

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
