using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Reports;

/// <summary>
/// Readers' reports that an editor accepted, as evidence on the guide: how many readers confirmed it worked and when
/// the latest did, and which claims accepted "outdated" or "wrong" reports named (with the day the report was accepted).
/// A claim's flag lasts until the guide is next published: the edit that answers it takes it off. No report's note or
/// anything else about a reader is shown.
/// </summary>
public sealed record ReaderEvidence(int Worked, DateOnly? LatestWorked, IReadOnlyDictionary<string, (string Kind, DateOnly Day)> FlaggedClaims)
{
    public static readonly ReaderEvidence None = new(0, null, new Dictionary<string, (string, DateOnly)>());

    private sealed record Accepted(string Slug, string Kind, string? ClaimKey, DateTime CreatedAtUtc, DateTime? ResolvedAtUtc);

    /// <summary>One guide's, as its page shows it.</summary>
    public static async Task<ReaderEvidence> LoadAsync(AppDb db, string slug, CancellationToken ct)
    {
        var updated = await db.Guides.AsNoTracking().Where(g => g.Slug == slug).Select(g => (DateTime?)g.UpdatedAtUtc).FirstOrDefaultAsync(ct);
        var all = await LoadAsync(db, new Dictionary<string, DateTime>(StringComparer.Ordinal) { [slug] = updated ?? DateTime.MinValue }, ct);
        return all.GetValueOrDefault(slug, None);
    }

    /// <summary>Every guide's in <paramref name="updatedAtUtc"/> (slug → when the guide was last published), in one query.</summary>
    public static async Task<IReadOnlyDictionary<string, ReaderEvidence>> LoadAsync(AppDb db, IReadOnlyDictionary<string, DateTime> updatedAtUtc, CancellationToken ct)
    {
        var slugs = updatedAtUtc.Keys.ToList();
        var query = db.ReaderReports.AsNoTracking().Where(r => r.Accepted == true && r.Kind != ReportKinds.Request);
        if (slugs.Count <= 100)
        {
            query = query.Where(r => slugs.Contains(r.GuideSlug));
        }
        var accepted = await query.Select(r => new Accepted(r.GuideSlug, r.Kind, r.ClaimKey, r.CreatedAtUtc, r.ResolvedAtUtc)).ToListAsync(ct);
        return accepted.Where(r => updatedAtUtc.ContainsKey(r.Slug)).GroupBy(r => r.Slug, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => From(g, updatedAtUtc[g.Key]), StringComparer.Ordinal);
    }

    private static ReaderEvidence From(IEnumerable<Accepted> reports, DateTime guideUpdatedAtUtc)
    {
        var list = reports.ToList();
        var worked = list.Where(r => r.Kind == ReportKinds.Worked).ToList();
        var flagged = list
            .Where(r => r.Kind != ReportKinds.Worked && r.ClaimKey is not null && (r.ResolvedAtUtc ?? r.CreatedAtUtc) >= guideUpdatedAtUtc)
            .GroupBy(r => r.ClaimKey!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ResolvedAtUtc).Select(r => (r.Kind, DateOnly.FromDateTime(r.ResolvedAtUtc ?? r.CreatedAtUtc))).First(),
                StringComparer.Ordinal);
        return new ReaderEvidence(worked.Count, worked.Count == 0 ? null : DateOnly.FromDateTime(worked.Max(r => r.CreatedAtUtc)), flagged);
    }

    /// <summary>What the guide page's validator must change with: the same facts, as text.</summary>
    public string Fingerprint => $"{Worked}|{LatestWorked:O}|{string.Join(',', FlaggedClaims.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value.Kind}:{f.Value.Day:O}"))}";
}
