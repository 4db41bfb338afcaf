using AccountExit.Web.Caching;
using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Cli;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Search;

/// <summary>The index follows the content: import, unpublish, an editor's publish through UpdateAsync, reindex. Each test on a private copy of content/.</summary>
public sealed class SearchIndexTests : IDisposable
{
    private readonly PrivateSite _private = new();

    private string Content => _private.ContentPath;
    private SiteFactory Site => _private.Factory;
    private HttpClient Client => _private.Client;

    public void Dispose() => _private.Dispose();

    private async Task<List<string>> SlugsAsync(string query)
    {
        var response = await Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
        return [.. response!.Results.Select(r => r.Slug)];
    }

    private async Task<ImportReport> ImportAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(Content);
    }

    private async Task WithDbAsync(Func<AppDb, Task> action)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    [Fact]
    public async Task A_started_site_loads_its_names_before_the_first_search()
    {
        // Any request starts the host; no search is made.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode);
        var search = Site.Services.GetRequiredService<SearchIndex>();
        for (var i = 0; i < 300 && search.LoadedCatalog is null; i++)
        {
            await Task.Delay(100);
        }
        Assert.NotNull(search.LoadedCatalog);
        Assert.Equal(["微信", "怎么", "注销"], QuerySegmenter.Cut("微信怎么注销"));
    }

    [Fact]
    public async Task A_guide_whose_file_is_removed_is_never_found_again()
    {
        Assert.Equal("alipay", (await SlugsAsync("余额宝"))[0]);
        File.Delete(Path.Combine(Content, "guides", "alipay.md"));

        var report = await ImportAsync();

        Assert.Equal(1, report.Unpublished);
        Assert.Empty(await SlugsAsync("余额宝"));
        Assert.DoesNotContain("alipay", await SlugsAsync("zfb"));
        Assert.DoesNotContain("alipay", await SlugsAsync("alipy"));
        Assert.DoesNotContain("alipay", await SlugsAsync("注销"));
        var page = await Client.GetStringAsync("/search?q=" + Uri.EscapeDataString("支付宝"));
        Assert.DoesNotContain("/guides/alipay\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_shows_the_guide_as_last_imported_not_as_first_searched()
    {
        var before = (await Client.GetFromJsonAsync<SearchResponse>("/api/search?q=qq"))!.Results[0];
        Assert.Equal("qq", before.Slug);
        Assert.StartsWith("2019 年起", before.Summary, StringComparison.Ordinal);
        var path = Path.Combine(Content, "guides", "qq.md");
        File.WriteAllLines(path, File.ReadAllLines(path).Select(line =>
            line.StartsWith("summary: ", StringComparison.Ordinal) ? "summary: 改过的摘要：手机 QQ 可以自助注销。"
            : line.StartsWith("company: ", StringComparison.Ordinal) ? "company: 改过的公司名" : line));

        await ImportAsync();

        var after = (await Client.GetFromJsonAsync<SearchResponse>("/api/search?q=qq"))!.Results[0];
        Assert.Equal(("qq", "改过的摘要：手机 QQ 可以自助注销。"), (after.Slug, after.Summary));
        var page = await Client.GetStringAsync("/search?q=qq");
        Assert.Contains("改过的公司名", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_that_changes_a_guide_updates_the_index()
    {
        Assert.Empty(await SlugsAsync("独角兽麒麟鳄鱼"));
        var path = Path.Combine(Content, "guides", "qq.md");
        File.AppendAllText(path, "\n## 新增一节\n\n这一段提到独角兽麒麟鳄鱼。\n");

        await ImportAsync();

        var response = await Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString("独角兽麒麟鳄鱼"));
        Assert.Equal("qq", Assert.Single(response!.Results).Slug);
        Assert.Contains("<mark>独角兽麒麟鳄鱼</mark>", response.Results[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_inside_a_transaction_unpublishes_on_commit_and_not_on_rollback()
    {
        async Task UnpublishAsync(bool commit) => await WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var guide = await db.Guides.SingleAsync(g => g.Slug == "wechat");
            guide.IsPublished = false;
            await db.SaveChangesAsync();
            await SearchIndex.UpdateAsync(db, ["wechat"], CancellationToken.None);
            if (commit)
            {
                await transaction.CommitAsync();
                // As every writer does after committing (Publisher.SaveAsync): cached answers go.
                await SiteCache.EvictAsync(Site.Services, ["wechat"]);
            }
        });

        await UnpublishAsync(commit: false);
        Assert.Equal("wechat", (await SlugsAsync("wx"))[0]);

        await UnpublishAsync(commit: true);
        Assert.DoesNotContain("wechat", await SlugsAsync("wx"));
        Assert.DoesNotContain("wechat", await SlugsAsync("微信"));

        await WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Guides.SingleAsync(g => g.Slug == "wechat")).IsPublished = true;
            await db.SaveChangesAsync();
            await SearchIndex.UpdateAsync(db, ["wechat"], CancellationToken.None);
            await transaction.CommitAsync();
            await SiteCache.EvictAsync(Site.Services, ["wechat"]);
        });
        Assert.Equal("wechat", (await SlugsAsync("wx"))[0]);
    }

    [Fact]
    public async Task Reindex_rebuilds_an_emptied_index()
    {
        // The verb runs as a process of its own, which serves no pages: what it changes is the index, asked here
        // directly (a running server's cached pages keep their answers until its next publish or import).
        async Task<List<string>> IndexSlugsAsync(string query)
        {
            await using var scope = Site.Services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<SearchIndex>()
                .SearchAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), query, null, null, 20, CancellationToken.None);
            return [.. found.Hits.Select(h => h.Slug)];
        }
        await WithDbAsync(db => SearchIndex.ClearAsync(db, CancellationToken.None));
        Assert.Empty(await IndexSlugsAsync("后悔期"));

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await Reindex.RunAsync(scope.ServiceProvider, []));
        }

        Assert.Equal("jd", (await IndexSlugsAsync("后悔期"))[0]);
        // Every guide mentions 注销; a page of results holds at most 20.
        Assert.Equal(Math.Min(20, Repo.GuideSlugs.Length), (await IndexSlugsAsync("注销")).Count);
    }

    [Fact]
    public async Task An_import_fills_in_guides_the_index_has_never_seen()
    {
        // As for a database imported before the search index existed: content unchanged, index empty.
        await WithDbAsync(db => SearchIndex.ClearAsync(db, CancellationToken.None));

        var report = await ImportAsync();

        Assert.Equal(0, report.Updated);
        Assert.Equal("jd", (await SlugsAsync("后悔期"))[0]);
    }
}
