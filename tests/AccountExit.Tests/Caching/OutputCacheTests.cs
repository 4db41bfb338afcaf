using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Caching;

/// <summary>
/// Caching proved the way a reader would notice it: the database changes behind the cache's back and the page does
/// not, until an import or a publish evicts it. Each test has its own site over a private copy of content/.
/// </summary>
public sealed class OutputCacheTests : IDisposable
{
    private const string Marker = "直接改动但未清缓存";
    private readonly PrivateSite _private = new();

    private string Content => _private.ContentPath;
    private SiteFactory Site => _private.Factory;
    private HttpClient Client => _private.Client;

    public void Dispose() => _private.Dispose();

    /// <summary>Changes a guide's stored HTML directly, as a stray write would, without evicting anything.</summary>
    private static async Task ChangeBodyBehindTheCacheAsync(SiteFactory site, string slug)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var changed = await db.Guides.Where(g => g.Slug == slug)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.BodyHtml, g => g.BodyHtml + "<p>" + Marker + "</p>"));
        Assert.Equal(1, changed);
    }

    private async Task<ImportReport> ImportAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(Content);
    }

    [Fact]
    public async Task A_second_request_is_served_from_the_cache_not_the_database()
    {
        var first = await Client.GetAsync("/guides/qq");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Age.HasValue);
        var firstBody = await first.Content.ReadAsStringAsync();

        await ChangeBodyBehindTheCacheAsync(Site, "qq");

        var second = await Client.GetAsync("/guides/qq");
        Assert.True(second.Headers.Age.HasValue, "a cache hit carries an Age header");
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Publishing_through_EvictAsync_shows_the_change_and_a_new_ETag_on_the_next_request()
    {
        await Client.GetStringAsync("/guides/qq");
        var etagBefore = (await Client.GetAsync("/guides/qq")).Headers.ETag;

        // What an editor's publish does: a committed change to the row, with its update time, then the eviction.
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.Where(g => g.Slug == "qq")
                .ExecuteUpdateAsync(s => s
                    .SetProperty(g => g.BodyHtml, g => g.BodyHtml + "<p>" + Marker + "</p>")
                    .SetProperty(g => g.UpdatedAtUtc, DateTime.UtcNow));
        }
        Assert.DoesNotContain(Marker, await Client.GetStringAsync("/guides/qq"), StringComparison.Ordinal);

        await SiteCache.EvictAsync(Site.Services, ["qq"]);

        var after = await Client.GetAsync("/guides/qq");
        Assert.Contains(Marker, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(after.Headers.Age.HasValue);
        Assert.NotEqual(etagBefore, after.Headers.ETag);
        // A browser holding the old page revalidates and gets the new one, not a 304.
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/guides/qq");
        revalidation.Headers.IfNoneMatch.Add(etagBefore!);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(revalidation)).StatusCode);
    }

    [Fact]
    public async Task Importing_a_changed_file_evicts_its_guide_and_the_lists_but_not_other_guides()
    {
        await Client.GetStringAsync("/guides/qq");
        await Client.GetStringAsync("/guides/wechat");
        await Client.GetStringAsync("/");
        var etagBefore = (await Client.GetAsync("/guides/qq")).Headers.ETag;
        await ChangeBodyBehindTheCacheAsync(Site, "wechat");

        var path = Path.Combine(Content, "guides", "qq.md");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\nsummary: ", "\nsummary: 【已更新】", StringComparison.Ordinal));
        Assert.Equal(1, (await ImportAsync()).Updated);

        var guide = await Client.GetAsync("/guides/qq");
        Assert.Contains("【已更新】", await guide.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(etagBefore, guide.Headers.ETag);
        Assert.Contains("【已更新】", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("【已更新】", await Client.GetStringAsync("/api/guides"), StringComparison.Ordinal);
        // wechat's cached page was not evicted: its tag was not touched.
        Assert.DoesNotContain(Marker, await Client.GetStringAsync("/guides/wechat"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_a_changed_law_text_evicts_the_law_page_and_the_guides_citing_it()
    {
        await Client.GetStringAsync("/legal");
        await Client.GetStringAsync("/guides/qq");
        var path = Path.Combine(Content, "legal", "pipl-47.md");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\ntitle: ", "\ntitle: 【修订】", StringComparison.Ordinal));

        Assert.Equal(1, (await ImportAsync()).Updated);

        Assert.Contains("【修订】", await Client.GetStringAsync("/legal"), StringComparison.Ordinal);
        Assert.Contains("【修订】", await Client.GetStringAsync("/guides/qq"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpublishing_a_guide_evicts_its_page_the_lists_and_the_links_to_it()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/guides/taobao")).StatusCode);
        Assert.Contains("/guides/taobao", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("href=\"/guides/taobao\"", await Client.GetStringAsync("/guides/alipay"), StringComparison.Ordinal);
        File.Delete(Path.Combine(Content, "guides", "taobao.md"));

        Assert.Equal(1, (await ImportAsync()).Unpublished);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/guides/taobao")).StatusCode);
        Assert.DoesNotContain("/guides/taobao", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain("/guides/taobao", await Client.GetStringAsync("/api/guides"), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/guides/taobao\"", await Client.GetStringAsync("/guides/alipay"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_cache_switched_off_every_request_reads_the_database()
    {
        using var uncached = new UncachedSiteFactory(Content);
        using var client = uncached.CreateClient();
        await client.GetStringAsync("/guides/qq");
        await ChangeBodyBehindTheCacheAsync(uncached, "qq");

        var second = await client.GetAsync("/guides/qq");
        Assert.Contains(Marker, await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(second.Headers.Age.HasValue);
        Assert.NotNull(second.Headers.ETag);
    }

    private sealed class UncachedSiteFactory(string content) : SiteFactory(content)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AccountExit:OutputCache", "false");
        }
    }
}
