using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Caching;

/// <summary>
/// The API, feeds and sitemap are served from the output cache (a change made behind its back does not show) and are
/// evicted by an editor's publish (the published change shows at once).
/// </summary>
public sealed class OpenDataCacheTests : IDisposable
{
    private const string Marker = "缓存外的改动";
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    public static TheoryData<string, string> Resources => new()
    {
        // url, the text a publish of jd with the note "京东入口变了" and a new summary must bring
        { "/feeds/guides.atom", "京东入口变了" },
        { "/guides/jd/feed.atom", "京东入口变了" },
        { "/api/v1/guides", "京东新摘要" },
        { "/api/v1/guides/jd", "京东新摘要" },
        { "/api/v1/export", "京东新摘要" },
        { "/sitemap.xml", "" },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Served_from_the_cache_until_an_editor_publishes(string url, string published)
    {
        using var reader = _site.NewClient();
        var first = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();

        // Behind the cache's back: every guide's note, summary and update time change without an eviction.
        await _site.WithDbAsync(async db =>
        {
            await db.Revisions.ExecuteUpdateAsync(s => s.SetProperty(r => r.Note, r => r.Note + Marker));
            return await db.Guides.ExecuteUpdateAsync(s => s.SetProperty(g => g.Summary, g => g.Summary + Marker)
                .SetProperty(g => g.FrontMatterJson, g => g.FrontMatterJson.Replace("\"summary\":\"", "\"summary\":\"" + Marker))
                .SetProperty(g => g.UpdatedAtUtc, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        });
        var hit = await reader.GetAsync(url);
        Assert.True(hit.Headers.Age.HasValue, $"{url} is served from the cache");
        Assert.Equal(firstBody, await hit.Content.ReadAsStringAsync());

        await _site.PublishAsync("jd", "京东入口变了", new Dictionary<string, string> { ["Input.Summary"] = "京东新摘要" });

        var after = await reader.GetAsync(url);
        Assert.False(after.Headers.Age.HasValue, $"{url} was evicted by the publish");
        var afterBody = await after.Content.ReadAsStringAsync();
        Assert.NotEqual(firstBody, afterBody);
        Assert.Contains(published, afterBody, StringComparison.Ordinal);
        Assert.NotEqual(first.Headers.ETag, after.Headers.ETag);
    }
}
