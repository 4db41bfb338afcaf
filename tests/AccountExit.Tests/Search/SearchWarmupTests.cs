using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Search;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Search;

/// <summary>After a start, the first page is answered before the search catalog is built, and the first search finds it built.</summary>
public sealed class SearchWarmupTests
{
    [Fact]
    public async Task The_catalog_is_built_after_the_first_page_without_waiting_for_a_search()
    {
        using var site = new SiteFactory(Repo.Content);
        using var client = site.CreateClient();
        var search = site.Services.GetRequiredService<SearchIndex>();
        // Started, no request yet: the warm-up waits for the first response (or SearchWarmup.MaxWait, 3 s, of none).
        Assert.Null(search.LoadedCatalog);

        (await client.GetAsync("/")).EnsureSuccessStatusCode();

        await Until.TrueAsync(() => search.LoadedCatalog is not null, "the name catalog after the first page");
    }
}
