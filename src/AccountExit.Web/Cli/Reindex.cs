using System.Diagnostics;
using AccountExit.Web.Caching;
using AccountExit.Web.Data;
using AccountExit.Web.Search;
using AccountExit.Web.Startup;

namespace AccountExit.Web.Cli;

/// <summary><c>reindex</c>: rebuilds the whole search index from the published guides in the database, in one transaction.</summary>
public static class Reindex
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync("usage: reindex");
            return 2;
        }
        await DataSetup.MigrateAsync(services);
        var clock = Stopwatch.StartNew();
        var count = await SearchIndex.RebuildAsync(services.GetRequiredService<AppDb>(), CancellationToken.None);
        // This process serves nothing, so it has no cache to clear; on PostgreSQL the running instances are told to
        // evict everything (cached search pages among them). On SQLite a running server keeps its cached search pages
        // until its next publish or import or until they expire.
        if (services.GetService<FarmEviction>() is { } farm)
        {
            await farm.NotifyAsync(null);
        }
        Console.WriteLine($"reindexed {count} published guides in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
