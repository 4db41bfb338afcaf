using System.Security.Cryptography;
using System.Text;
using AccountExit.Web.Data;
using AccountExit.Web.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace AccountExit.Web.Caching;

/// <summary>
/// What the public pages show, reduced to validators (weak ETags): one per published guide, one for the list of
/// guides, one for the law texts, one for both (the export, the sitemap), one for pages that only change with a deployment. Read with a few small projected
/// queries on first use and again on every eviction, so answering <c>If-None-Match</c> never touches the database, and
/// a guide page reads only its own row (see <see cref="Snapshot"/>).
/// </summary>
public sealed class ContentVersions(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The validators, and what a guide page shows besides its own row, read together so that the two always agree: the
    /// published provisions it may cite (<see cref="Provisions"/>), which guides it may link to (<see cref="Published"/>),
    /// the day of each guide's oldest open "outdated" report and readers' accepted reports.
    /// </summary>
    public sealed record Snapshot(
        IReadOnlyDictionary<string, EntityTagHeaderValue> Guides,
        EntityTagHeaderValue GuideList,
        EntityTagHeaderValue Legal,
        EntityTagHeaderValue Build,
        string GuideRows,
        string LegalRows,
        string PublishedSlugs,
        EntityTagHeaderValue Everything)
    {
        public IReadOnlyDictionary<string, Pages.Guides.GuideView.LegalLink> Provisions { get; init; } = new Dictionary<string, Pages.Guides.GuideView.LegalLink>();

        public IReadOnlySet<string> Published { get; init; } = new HashSet<string>();

        public IReadOnlyDictionary<string, DateOnly> OutdatedSince { get; init; } = new Dictionary<string, DateOnly>();

        public IReadOnlyDictionary<string, ReaderEvidence> Readers { get; init; } = new Dictionary<string, ReaderEvidence>();
    }

    /// <summary>Every token includes the build: new templates or new asset fingerprints must not be answered with a 304.</summary>
    private static readonly string BuildId = ComputeBuildId();

    private Snapshot? _current;

    /// <summary>One eviction at a time: two writers must not publish their snapshots out of order (an older one last).</summary>
    public SemaphoreSlim EvictionGate { get; } = new(1, 1);

    public async ValueTask<Snapshot> GetAsync(CancellationToken ct) => Volatile.Read(ref _current) ?? await ReloadAsync(ct);

    public Snapshot? Current => Volatile.Read(ref _current);

    public async Task<Snapshot> ReloadAsync(CancellationToken ct)
    {
        var snapshot = await ReadAsync(ct);
        Publish(snapshot);
        return snapshot;
    }

    public void Publish(Snapshot snapshot) => Volatile.Write(ref _current, snapshot);

    /// <summary>Reads the database without making the result current (eviction publishes it after the cache is cleared).</summary>
    public async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var guides = await db.Guides.AsNoTracking().Where(g => g.IsPublished).OrderBy(g => g.Slug)
            .Select(g => new { g.Slug, g.ContentHash, g.UpdatedAtUtc })
            .ToListAsync(ct);
        var legal = await db.Legal.AsNoTracking().Where(l => l.IsPublished).OrderBy(l => l.Key)
            .Select(l => new { l.Key, l.ContentHash, l.UpdatedAtUtc, l.Status, l.FrontMatterJson })
            .ToListAsync(ct);

        // A guide page also tells readers when it has an open "outdated" report, dated by the oldest one.
        var outdated = await db.ReaderReports.AsNoTracking()
            .Where(r => r.Kind == ReportKinds.Outdated && r.ResolvedAtUtc == null)
            .GroupBy(r => r.GuideSlug)
            .Select(r => new { Slug = r.Key, Since = r.Min(x => x.CreatedAtUtc) })
            .ToDictionaryAsync(r => r.Slug, r => ReaderReport.NoticeDay(r.Since), StringComparer.Ordinal, ct);

        // And readers' accepted reports: confirmations and flagged claims.
        var readers = await ReaderEvidence.LoadAsync(db, guides.ToDictionary(g => g.Slug, g => g.UpdatedAtUtc, StringComparer.Ordinal), ct);

        var guideRows = string.Join('\n', guides.Select(g => $"{g.Slug} {g.ContentHash} {g.UpdatedAtUtc.Ticks}"));
        var legalRows = string.Join('\n', legal.Select(l => $"{l.Key} {l.ContentHash} {l.UpdatedAtUtc.Ticks}"));
        var publishedSlugs = string.Join('\n', guides.Select(g => g.Slug));
        var legalVersion = Hash(legalRows);
        var slugsVersion = Hash(publishedSlugs);
        // A guide page also shows law titles and links to related guides that are published.
        var perGuide = guides.ToDictionary(
            g => g.Slug,
            g => Tag(BuildId, g.ContentHash, g.UpdatedAtUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), legalVersion, slugsVersion,
                outdated.TryGetValue(g.Slug, out var since) ? since.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "",
                readers.GetValueOrDefault(g.Slug, ReaderEvidence.None).Fingerprint),
            StringComparer.Ordinal);
        return new Snapshot(perGuide, Tag(BuildId, guideRows), Tag(BuildId, legalRows), Tag(BuildId), guideRows, legalRows, publishedSlugs,
            Tag(BuildId, guideRows, legalRows))
        {
            Provisions = legal.ToDictionary(l => l.Key, l => Pages.Guides.GuideView.Link(l.Key, l.Status, l.FrontMatterJson), StringComparer.Ordinal),
            Published = guides.Select(g => g.Slug).ToHashSet(StringComparer.Ordinal),
            OutdatedSince = outdated,
            Readers = readers,
        };
    }

    private static EntityTagHeaderValue Tag(params string[] parts) => new($"\"{Hash(string.Join('|', parts))}\"", isWeak: true);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string ComputeBuildId()
    {
        var parts = new StringBuilder(typeof(ContentVersions).Assembly.ManifestModule.ModuleVersionId.ToString());
        foreach (var manifest in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.staticwebassets.*json").Order(StringComparer.Ordinal))
        {
            parts.Append('|').Append(Hash(File.ReadAllText(manifest)));
        }
        return Hash(parts.ToString());
    }
}
