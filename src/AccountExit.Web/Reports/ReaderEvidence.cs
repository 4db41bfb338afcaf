using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Reports;

/// <summary>
/// Readers' reports that an editor accepted, as evidence on the guide: how many readers confirmed it worked and when
/// the latest did, and which claims accepted "outdated" or "wrong" reports named (with the day the report was accepted).
/// No report's note or anything else about a reader is shown.
/// </summary>
public sealed record ReaderEvidence(int Worked, DateOnly? LatestWorked, IReadOnlyDictionary<string, (string Kind, DateOnly Day)> FlaggedClaims)
{
    public static readonly ReaderEvidence None = new(0, null, new Dictionary<string, (string, DateOnly)>());

    public static async Task<ReaderEvidence> LoadAsync(AppDb db, string slug, CancellationToken ct)
    {
        var accepted = await db.ReaderReports.AsNoTracking()
            .Where(r => r.GuideSlug == slug && r.Accepted == true)
            .Select(r => new { r.Kind, r.ClaimKey, r.CreatedAtUtc, r.ResolvedAtUtc })
            .ToListAsync(ct);
        var worked = accepted.Where(r => r.Kind == ReportKinds.Worked).ToList();
        var flagged = accepted.Where(r => r.Kind != ReportKinds.Worked && r.ClaimKey is not null)
            .GroupBy(r => r.ClaimKey!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ResolvedAtUtc).Select(r => (r.Kind, DateOnly.FromDateTime(r.ResolvedAtUtc ?? r.CreatedAtUtc))).First(),
                StringComparer.Ordinal);
        return new ReaderEvidence(worked.Count, worked.Count == 0 ? null : DateOnly.FromDateTime(worked.Max(r => r.CreatedAtUtc)), flagged);
    }

    /// <summary>What the guide page's validator must change with: the same facts, as text.</summary>
    public string Fingerprint => $"{Worked}|{LatestWorked:O}|{string.Join(',', FlaggedClaims.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value.Kind}:{f.Value.Day:O}"))}";
}
