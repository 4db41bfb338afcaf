using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AccountExit.Tests.Infrastructure;

/// <summary>
/// The real app on its own SQLite file in a temporary folder (or its own PostgreSQL database, <see cref="TestDatabase"/>), importing the given content folder on start,
/// in the Production environment (so error pages and logging are as deployed).
/// </summary>
public class SiteFactory(string contentPath, string? dataFolder = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    private readonly Repo.TempFolder? _data = dataFolder is null ? new() : null;

    /// <summary>The folder of the database and the Data Protection keys; pass it to a second factory to "restart" the site.</summary>
    public string DataFolder => dataFolder ?? _data!.Path;

    public string DatabasePath => Path.Combine(DataFolder, "site.db");

    /// <summary>Where this site's Serilog output goes as well as the console, for a failing test to show.</summary>
    public string LogPath => Path.Combine(DataFolder, "server.log");

    /// <summary>What the site has logged so far (the file is shared with the running logger).</summary>
    public string ServerLog()
    {
        if (!File.Exists(LogPath))
        {
            return "(nothing logged)";
        }
        using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(file).ReadToEnd();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Outside Development the app reads static assets from a publish folder; a test runs from the build output.
        builder.UseStaticWebAssets();
        // A test that needs SQLite whatever the pass (a source for copy-database) says so in its settings.
        var sqliteOnly = settings?.GetValueOrDefault("AccountExit:Database") == "Sqlite";
        if (TestDatabase.IsPostgreSql && !sqliteOnly)
        {
            builder.UseSetting("AccountExit:Database", "PostgreSql");
            builder.UseSetting("ConnectionStrings:AccountExit", PostgreSqlCluster.Instance.Database(PostgreSqlCluster.NameFor(DataFolder)));
            // The PostgreSQL pass tests PostgreSQL's own search (the query set and the index tests); the per-instance
            // copy that the deployed default searches once it has caught up has tests of its own (Farm/SearchReplicaTests).
            builder.UseSetting("AccountExit:SearchReplica", "false");
        }
        else
        {
            builder.UseSetting("ConnectionStrings:AccountExit", $"Data Source={DatabasePath}");
        }
        builder.UseSetting("AccountExit:ContentPath", contentPath);
        builder.UseSetting("AccountExit:LogFile", LogPath);
        // Many tests search from one address in a few seconds; RateLimitTests lower the limit again.
        builder.UseSetting("AccountExit:Protection:SearchPerMinute", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts the site on Kestrel on a free loopback port (for a real browser) and returns its address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            _data?.Dispose();
        }
    }
}

/// <summary>
/// One site over the repository's real content/, on Kestrel (a real socket, so the browser tests can use it too),
/// shared by every test in the "site" collection.
/// </summary>
public sealed class SiteFixture : IDisposable
{
    public SiteFixture()
    {
        Factory = new SiteFactory(Repo.Content);
        BaseAddress = Factory.StartOnKestrel();
        // No cookie jar: readers carry no cookie, and one test's cookie (the language switch sets one) must not make
        // every later request of the shared client private and uncached. A test that needs a cookie sends it itself.
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
    }

    public SiteFactory Factory { get; }
    public HttpClient Client { get; }
    public Uri BaseAddress { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

[CollectionDefinition("site")]
public sealed class SharedSite : ICollectionFixture<SiteFixture>;
