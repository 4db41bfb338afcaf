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
        // Long enough that only a response can start the warm-up while the test runs.
        using var site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string> { ["AccountExit:SearchWarmUpSeconds"] = "600" });
        using var client = site.CreateClient();
        var search = site.Services.GetRequiredService<SearchIndex>();

        // Another site in the same process answers a page first: that is not this site's first response.
        using (var other = new SiteFactory(Repo.Content))
        using (var otherClient = other.CreateClient())
        {
            (await otherClient.GetAsync("/")).EnsureSuccessStatusCode();
            await Until.TrueAsync(() => other.Services.GetRequiredService<SearchIndex>().LoadedCatalog is not null, "the other site's catalog");
        }
        Assert.Null(search.LoadedCatalog);

        (await client.GetAsync("/")).EnsureSuccessStatusCode();

        await Until.TrueAsync(() => search.LoadedCatalog is not null, "the name catalog after the first page");
    }

    [Fact]
    public async Task Without_a_request_the_catalog_is_built_once_the_wait_has_passed()
    {
        using var site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string> { ["AccountExit:SearchWarmUpSeconds"] = "0" });
        var search = site.Services.GetRequiredService<SearchIndex>();

        await Until.TrueAsync(() => search.LoadedCatalog is not null, "the name catalog without a request");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3601")]
    [InlineData("soon")]
    public void A_wait_out_of_range_stops_the_start_with_the_setting_named(string seconds)
    {
        using var site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string> { ["AccountExit:SearchWarmUpSeconds"] = seconds });

        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains("AccountExit:SearchWarmUpSeconds", error.Message, StringComparison.Ordinal);
    }
}
