using System.Diagnostics;
using AccountExit.Web.Caching;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.OutputCaching;
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
        // Search answers cached by this process are stale now (a server in another process keeps its own cache until its next publish or import).
        await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(SiteCache.GuidesTag, CancellationToken.None);
        Console.WriteLine($"reindexed {count} published guides in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
