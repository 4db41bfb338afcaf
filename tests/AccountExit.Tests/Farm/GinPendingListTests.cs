using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Farm;

/// <summary>
/// On PostgreSQL a search index write leaves nothing in the GIN indexes' pending lists, which every search would read
/// whole (at 10,000 guides a rare word went from 0.2 ms to 97 ms). Always on PostgreSQL, whatever
/// <c>ACCOUNTEXIT_TEST_DATABASE</c> says; test.sh runs it in its PostgreSQL pass with the farm.
/// </summary>
public sealed class GinPendingListTests
{
    [Fact]
    public async Task An_import_and_a_reindex_leave_no_rows_outside_the_search_indexes()
    {
        using var data = new Repo.TempFolder();
        using var site = new SiteFactory(Repo.Content, data.Path, new Dictionary<string, string>
        {
            ["AccountExit:Database"] = "PostgreSql",
            ["ConnectionStrings:AccountExit"] = PostgreSqlCluster.Instance.Database(PostgreSqlCluster.NameFor(data.Path)),
        });
        using var client = site.CreateClient();

        var afterImport = await PendingAsync(site);
        Assert.Equal([0L, 0L], afterImport);

        await using (var scope = site.Services.CreateAsyncScope())
        {
            await AccountExit.Web.Search.SearchIndex.RebuildAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), CancellationToken.None);
        }
        var afterReindex = await PendingAsync(site);
        Assert.Equal([0L, 0L], afterReindex);
    }

    /// <summary>The pending tuples of the names and text indexes (pgstattuple, a contrib extension PostgreSQL ships).</summary>
    private static async Task<long[]> PendingAsync(SiteFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.ExecuteSqlRawAsync("CREATE EXTENSION IF NOT EXISTS pgstattuple");
        return
        [
            .. await db.Database.SqlQueryRaw<long>("""
                SELECT pending_tuples::bigint AS "Value" FROM pgstatginindex('"IX_SearchTerms_Names"'::regclass)
                UNION ALL SELECT pending_tuples::bigint FROM pgstatginindex('"IX_SearchTerms_Text"'::regclass)
                """).ToListAsync(),
        ];
    }
}
