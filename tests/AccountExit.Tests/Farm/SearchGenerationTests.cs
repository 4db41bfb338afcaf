using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Caching;
using AccountExit.Web.Search;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AccountExit.Tests.Farm;

/// <summary>
/// On PostgreSQL a search trusts its last reading of the index generation while the instance hears the farm's
/// notifications and nothing was heard of a change, for at most a second: a cached answer then costs no round trip.
/// Writes made behind the site's back here are what another instance's publish does to the shared index. Always on
/// PostgreSQL, whatever <c>ACCOUNTEXIT_TEST_DATABASE</c> says (test.sh runs it with the farm).
/// </summary>
public sealed class SearchGenerationTests : IDisposable
{
    private readonly Repo.TempFolder _data = new();
    private readonly SiteFactory _site;
    private readonly HttpClient _client;
    private readonly string _connectionString;

    public SearchGenerationTests()
    {
        _connectionString = PostgreSqlCluster.Instance.Database(PostgreSqlCluster.NameFor(_data.Path));
        _site = new SiteFactory(Repo.Content, _data.Path, new Dictionary<string, string>
        {
            ["AccountExit:Database"] = "PostgreSql",
            ["ConnectionStrings:AccountExit"] = _connectionString,
            ["AccountExit:SearchReplica"] = "false",
            ["AccountExit:OutputCache"] = "false",
        });
        _client = _site.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _site.Dispose();
        _data.Dispose();
    }

    private async Task<List<string>> SlugsAsync(string query) =>
        [.. (await _client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query)))!.Results.Select(r => r.Slug)];

    /// <summary>Unpublishes a guide, takes it out of the shared index and bumps its generation, as another instance's unpublish would, without this site's knowledge.</summary>
    private async Task RemoveBehindTheSitesBackAsync(string slug, bool notify)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var sql = """
            UPDATE "Guides" SET "IsPublished" = false WHERE "Slug" = @slug;
            DELETE FROM "SearchTerms" WHERE "GuideId" = (SELECT "Id" FROM "Guides" WHERE "Slug" = @slug);
            DELETE FROM "SearchPassages" WHERE "GuideId" = (SELECT "Id" FROM "Guides" WHERE "Slug" = @slug);
            UPDATE "SearchState" SET "Generation" = "Generation" + 1 WHERE "Id" = 1;
            """ + (notify ? $"SELECT pg_notify('{FarmEviction.ChannelName}', '{{\"from\":\"other\",\"slugs\":[\"' || @slug || '\"]}}');" : "");
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("slug", slug);
        await command.ExecuteNonQueryAsync();
    }

    private async Task ListeningAsync() =>
        await Until.TrueAsync(() => _site.Services.GetRequiredService<FarmEviction>().IsListening, "the eviction listener listening");

    [Fact]
    public async Task Repeated_searches_read_the_generation_about_once_a_second_not_once_each()
    {
        await ListeningAsync();
        var search = _site.Services.GetRequiredService<SearchIndex>();
        Assert.Contains("alipay", await SlugsAsync("余额宝"));
        var before = search.GenerationReads;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("alipay", (await SlugsAsync("余额宝"))[0]);
        }

        var reads = search.GenerationReads - before;
        Assert.True(reads <= 2 + (long)clock.Elapsed.TotalSeconds, $"{reads} generation reads for 40 searches in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Another_instances_index_write_is_searched_once_its_notification_arrives()
    {
        await ListeningAsync();
        Assert.Contains("alipay", await SlugsAsync("余额宝"));

        await RemoveBehindTheSitesBackAsync("alipay", notify: true);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<string> found = ["alipay"];
        await Until.TrueAsync(() => !(found = SlugsAsync("余额宝").GetAwaiter().GetResult()).Contains("alipay"),
            "the search answering without the guide another instance removed", seconds: 5);
        Assert.DoesNotContain("alipay", found);
        // Heard, not waited out: a reading of the generation is trusted for up to a second.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(700), $"seen after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task An_index_write_whose_notification_was_lost_is_searched_within_about_a_second()
    {
        await ListeningAsync();
        Assert.Contains("weibo", await SlugsAsync("微博"));

        await RemoveBehindTheSitesBackAsync("weibo", notify: false);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Until.TrueAsync(() => !SlugsAsync("微博").GetAwaiter().GetResult().Contains("weibo"),
            "the search answering without the guide removed behind its back", seconds: 10);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"seen after {clock.ElapsedMilliseconds} ms");
    }
}
