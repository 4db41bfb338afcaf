using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Tests.Search;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Content;
using AccountExit.Web.Search;
using AccountExit.Web.Search.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Farm;

/// <summary>
/// On PostgreSQL each instance searches its own copy of the index (<see cref="SearchReplica"/>) once it holds the shared
/// index's generation, and PostgreSQL itself until then: the same answers either way, never an answer older than the last
/// commit. Always on PostgreSQL, whatever <c>ACCOUNTEXIT_TEST_DATABASE</c> says (test.sh runs it with the farm). Every
/// site here keeps its replica in a folder of its own and caches neither search answers nor responses, so each search is counted.
/// </summary>
public sealed class SearchReplicaTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();
    private string Content => Path.Combine(_folder.Path, "content");
    private string ReplicaFolder => Path.Combine(_folder.Path, "replica");

    public SearchReplicaTests() => Repo.CopyFolder(Repo.Content, Content);

    public void Dispose() => _folder.Dispose();

    private SiteFactory NewSite(IReadOnlyDictionary<string, string>? more = null)
    {
        var data = Path.Combine(_folder.Path, "data");
        Directory.CreateDirectory(data);
        var settings = new Dictionary<string, string>
        {
            ["AccountExit:Database"] = "PostgreSql",
            ["ConnectionStrings:AccountExit"] = PostgreSqlCluster.Instance.Database(PostgreSqlCluster.NameFor(data)),
            ["AccountExit:SearchReplica"] = "true",
            ["AccountExit:SearchReplicaFolder"] = ReplicaFolder,
            ["AccountExit:SearchCacheEntries"] = "0",
            ["AccountExit:OutputCache"] = "false",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return new SiteFactory(Content, data, settings);
    }

    private static async Task<SearchResponse> SearchAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query)))!;

    /// <summary>Searches once (which starts a catch-up when the replica is behind) and waits until the replica holds the current generation.</summary>
    private static async Task CaughtUpAsync(SiteFactory site, HttpClient client)
    {
        var replica = site.Services.GetRequiredService<SearchReplica>();
        var search = site.Services.GetRequiredService<SearchIndex>();
        await SearchAsync(client, "注销");
        await Until.TrueAsync(() => search.LoadedCatalog is { } catalog && replica.Generation == catalog.Generation,
            "the search replica catching up with the shared index");
    }

    private async Task ImportAsync(SiteFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(Content);
    }

    [Fact]
    public async Task Once_caught_up_the_replica_answers_every_query_of_the_query_set_with_its_platform_first()
    {
        using var site = NewSite();
        using var client = site.CreateClient();
        await CaughtUpAsync(site, client);
        var replica = site.Services.GetRequiredService<SearchReplica>();
        var before = replica.Searches;

        var queries = QuerySetTests.Queries().Select(row => ((string)row[1], (string)row[2])).ToList();
        foreach (var (query, expected) in queries)
        {
            var found = await SearchAsync(client, query);
            Assert.True(found.Results.Count > 0 && found.Results[0].Slug == expected,
                $"'{query}': expected {expected} first, got [{string.Join(", ", found.Results.Select(r => r.Slug))}]");
        }

        Assert.Equal(queries.Count, replica.Searches - before);
        using var ready = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/readyz"));
        var check = ready.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "search replica");
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.Equal($"search replica at generation {replica.Generation}", check.GetProperty("description").GetString());
        Assert.StartsWith(Path.Combine(ReplicaFolder, SearchReplica.FilePrefix), replica.Path, StringComparison.Ordinal);
        Assert.True(File.Exists(replica.Path));
    }

    [Fact]
    public async Task An_import_that_changes_one_guide_and_removes_another_is_searched_at_once_and_then_from_the_replica()
    {
        using var site = NewSite();
        using var client = site.CreateClient();
        await CaughtUpAsync(site, client);
        var replica = site.Services.GetRequiredService<SearchReplica>();
        Assert.Equal("alipay", (await SearchAsync(client, "余额宝")).Results[0].Slug);
        File.AppendAllText(Path.Combine(Content, "guides", "qq.md"), "\n## 新增一节\n\n这一段提到独角兽麒麟鳄鱼。\n");
        File.Delete(Path.Combine(Content, "guides", "alipay.md"));

        await ImportAsync(site);

        // The first searches after the commit may be PostgreSQL's (the replica is behind): they already see it.
        var changed = await SearchAsync(client, "独角兽麒麟鳄鱼");
        Assert.Equal("qq", Assert.Single(changed.Results).Slug);
        Assert.Empty((await SearchAsync(client, "余额宝")).Results);
        await CaughtUpAsync(site, client);
        var before = replica.Searches;

        changed = await SearchAsync(client, "独角兽麒麟鳄鱼");
        Assert.Equal("qq", Assert.Single(changed.Results).Slug);
        Assert.Contains("<mark>独角兽麒麟鳄鱼</mark>", changed.Results[0].Snippet, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync(client, "余额宝")).Results);
        Assert.DoesNotContain("alipay", (await SearchAsync(client, "注销")).Results.Select(r => r.Slug));
        Assert.Equal("wechat", (await SearchAsync(client, "微信怎么注销")).Results[0].Slug);
        Assert.Equal(4, replica.Searches - before);
    }

    [Fact]
    public async Task A_damaged_replica_is_rebuilt_and_searches_answer_meanwhile()
    {
        using var site = NewSite();
        using var client = site.CreateClient();
        await CaughtUpAsync(site, client);
        var replica = site.Services.GetRequiredService<SearchReplica>();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await File.WriteAllBytesAsync(replica.Path, [.. Enumerable.Repeat((byte)0x5a, 64 * 1024)]);

        // Answered all the same (by PostgreSQL), and the replica starts again from nothing.
        Assert.Equal("qq", (await SearchAsync(client, "腾讯QQ")).Results[0].Slug);
        await CaughtUpAsync(site, client);
        var before = replica.Searches;
        Assert.Equal("qq", (await SearchAsync(client, "腾讯QQ")).Results[0].Slug);
        Assert.Equal(1, replica.Searches - before);
        Assert.Contains("Search replica unreadable", site.ServerLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_replica_file_goes_when_the_site_stops_and_files_of_processes_gone_go_at_the_next_start()
    {
        Directory.CreateDirectory(ReplicaFolder);
        var leftover = Path.Combine(ReplicaFolder, SearchReplica.FilePrefix + "999999999-0123456789abcdef.db");
        var unrelated = Path.Combine(ReplicaFolder, "notes.txt");
        File.WriteAllText(leftover, "left by a process that was killed");
        File.WriteAllText(unrelated, "not ours");
        string path;
        using (var site = NewSite())
        {
            using var client = site.CreateClient();
            await CaughtUpAsync(site, client);
            path = site.Services.GetRequiredService<SearchReplica>().Path;
            Assert.True(File.Exists(path));
            Assert.False(File.Exists(leftover));
        }

        Assert.False(File.Exists(path));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public async Task Switched_off_every_search_runs_on_PostgreSQL()
    {
        using var site = NewSite(new Dictionary<string, string> { ["AccountExit:SearchReplica"] = "false" });
        using var client = site.CreateClient();

        Assert.Equal("wechat", (await SearchAsync(client, "微信怎么注销")).Results[0].Slug);
        Assert.Null(site.Services.GetService<SearchReplica>());
        Assert.False(Directory.Exists(ReplicaFolder) && Directory.EnumerateFiles(ReplicaFolder).Any());
    }

    [Theory]
    [InlineData("AccountExit:SearchReplica", "sometimes")]
    [InlineData("AccountExit:SearchReplicaFolder", "not-a-folder/below")]
    public void A_replica_setting_it_cannot_use_stops_the_start_with_the_setting_named(string key, string value)
    {
        File.WriteAllText(Path.Combine(_folder.Path, "not-a-folder"), "a file, not a folder");
        using var site = NewSite(new Dictionary<string, string>
        {
            [key] = key.EndsWith("Folder", StringComparison.Ordinal) ? Path.Combine(_folder.Path, value) : value,
        });

        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
