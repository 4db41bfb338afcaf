using Microsoft.AspNetCore.OutputCaching;

namespace AccountExit.Web.Caching;

/// <summary>The output cache's tags and the one way to evict them after published content changes.</summary>
public static class SiteCache
{
    /// <summary>Home, search and the guide list API: every page that lists guides.</summary>
    public const string GuidesTag = "guides";

    /// <summary>The law page, every guide page (each shows the titles of the provisions it cites) and every request letter (each cites them).</summary>
    public const string LegalTag = "legal";

    /// <summary>Every guide page: its "related" links depend on which guides are published.</summary>
    public const string GuideLinksTag = "guide-links";

    public const string AboutTag = "about";

    /// <summary>The complaint routes: they change only with a deployment.</summary>
    public const string ComplaintsTag = "complaints";

    public static string GuideTag(string slug) => "guide:" + slug;

    /// <summary>On every cached page, so that one eviction can clear them all (<see cref="EvictEverythingHereAsync"/>).</summary>
    public const string EverythingTag = "public";

    /// <summary>
    /// Never cached anywhere: the editor, a signed-in user, and any request that carries credentials (a cookie or an
    /// Authorization header). Checking for any cookie keeps a signed-in editor out of the cache even where
    /// authentication runs after the caching middleware. The one exception is the reader's language choice
    /// (<see cref="Startup.LanguageSetup.CookieName"/>): it changes no page (the URL carries the language) and only
    /// stops <c>/</c> redirecting, which happens before the cache, so a reader who used the switch still gets cached pages.
    /// </summary>
    public static bool IsPrivate(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/editor", StringComparison.OrdinalIgnoreCase)
        || context.User.Identity?.IsAuthenticated == true
        || context.Request.Headers.Authorization.Count > 0
        || (context.Request.Headers.Cookie.Count > 0 && context.Request.Cookies.Keys.Any(k => k != Startup.LanguageSetup.CookieName));

    /// <summary>
    /// Called after a transaction that changed published guides or law texts has committed (the importer and the
    /// editor's <c>Publisher</c> do): <c>await SiteCache.EvictAsync(services, [slug], ct)</c>. Evicts the pages of
    /// <paramref name="changedSlugs"/> and every list; also finds, by comparing the database with what was last read,
    /// guides and law texts changed without being named, and whether the set of published guides changed. Then the new
    /// validators (ETags) take effect, so a browser's next revalidation gets the new page. ETags come from each row's
    /// <c>ContentHash</c> and <c>UpdatedAtUtc</c>: a publish must change at least one of them (set <c>UpdatedAtUtc</c> to
    /// now), or browsers revalidating an old copy would keep it. A reader report or its resolution calls this with no
    /// slug: a guide whose "outdated" notice changed has a new validator, which is found and evicted like any change.
    /// On PostgreSQL, every other instance is then told to do the same (<see cref="FarmEviction"/>).
    /// </summary>
    public static async Task EvictAsync(IServiceProvider services, IEnumerable<string> changedSlugs, CancellationToken ct = default)
    {
        var named = changedSlugs.ToList();
        await EvictHereAsync(services, named, ct);
        // Then every other instance of a farm on PostgreSQL does the same (SQLite is one process: none registered).
        if (services.GetService<FarmEviction>() is { } farm)
        {
            await farm.NotifyAsync(named);
        }
    }

    /// <summary>What <see cref="EvictAsync"/> does in this process only: for an eviction another instance announced.</summary>
    public static Task EvictHereAsync(IServiceProvider services, IEnumerable<string> changedSlugs, CancellationToken ct) =>
        OneAtATimeAsync(services, (store, versions) => EvictChangedAsync(store, versions, changedSlugs, ct), ct);

    /// <summary>
    /// Every cached page in this process, and new validators: for when evictions may have been missed (the farm's
    /// listener lost its connection) or a change touched the whole site (reindex).
    /// </summary>
    public static Task EvictEverythingHereAsync(IServiceProvider services, CancellationToken ct) =>
        OneAtATimeAsync(services, async (store, versions) =>
        {
            var after = await versions.ReadAsync(ct);
            await store.EvictByTagAsync(EverythingTag, ct);
            versions.Publish(after);
        }, ct);

    private static async Task OneAtATimeAsync(IServiceProvider services, Func<IOutputCacheStore, ContentVersions, Task> evict, CancellationToken ct)
    {
        var versions = services.GetRequiredService<ContentVersions>();
        await versions.EvictionGate.WaitAsync(ct);
        try
        {
            await evict(services.GetRequiredService<IOutputCacheStore>(), versions);
        }
        finally
        {
            versions.EvictionGate.Release();
        }
    }

    private static async Task EvictChangedAsync(IOutputCacheStore store, ContentVersions versions, IEnumerable<string> changedSlugs, CancellationToken ct)
    {
        var before = versions.Current;
        var after = await versions.ReadAsync(ct);

        var named = changedSlugs.ToList();
        var tags = named.Select(GuideTag).ToHashSet(StringComparer.Ordinal);
        if (before is not null)
        {
            foreach (var slug in before.Guides.Keys.Union(after.Guides.Keys))
            {
                if (!before.Guides.TryGetValue(slug, out var old) || !after.Guides.TryGetValue(slug, out var now) || !old.Equals(now))
                {
                    tags.Add(GuideTag(slug));
                }
            }
        }
        // Lists show what a guide says, not what readers reported: a guide page whose validator changed only for its
        // "outdated" notice leaves them alone (its content changing changes GuideRows).
        if (named.Count > 0 || before?.GuideRows != after.GuideRows)
        {
            tags.Add(GuidesTag);
        }
        if (before?.LegalRows != after.LegalRows)
        {
            tags.Add(LegalTag);
        }
        if (before?.PublishedSlugs != after.PublishedSlugs)
        {
            tags.Add(GuideLinksTag);
        }
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, ct);
        }
        // Validators change after the pages are gone: a request in between renders the new page under the old ETag,
        // which costs a browser one extra download, never a stale page.
        versions.Publish(after);
    }
}
