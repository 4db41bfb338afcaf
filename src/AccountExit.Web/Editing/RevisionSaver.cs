using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Editing;

/// <summary>
/// Saves an editor's revision only if nobody saved since the revision the editor started from; otherwise returns
/// the other revision so the editor can compare, and saves nothing. Two saves racing on the same base cannot both
/// land: the row's latest revision number is a concurrency token and revision numbers are unique.
/// </summary>
public sealed class RevisionSaver(AppDb db, Publisher publisher)
{
    /// <summary>Saved, or a conflict with <paramref name="Theirs"/> (null when a new document's key was taken meanwhile).</summary>
    public sealed record Outcome(Revision? Saved, Revision? Theirs)
    {
        public bool IsConflict => Saved is null;
    }

    public async Task<Outcome> SaveAsync(IPublishedDocument row, int baseNumber, string frontMatterJson, string body, string author,
        string note, string origin, bool publish, CancellationToken ct)
    {
        if (row.LatestRevisionNumber != baseNumber)
        {
            return await ConflictAsync(row, ct);
        }
        var revision = publisher.AddRevision(row, frontMatterJson, body, author, note, origin);
        if (publish)
        {
            publisher.Publish(row, revision);
            row.Attention = null;
        }
        db.Audit.Add(AuditEntry.Create(author, publish ? $"{origin} and publish" : origin, $"{row.DocumentType}/{row.Key} r{revision.Number}", note));
        try
        {
            await publisher.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await ConflictAsync(row, ct);
        }
        return new Outcome(revision, null);
    }

    private async Task<Outcome> ConflictAsync(IPublishedDocument row, CancellationToken ct)
    {
        var latest = await db.Revisions.AsNoTracking()
            .Where(r => r.DocumentType == row.DocumentType && r.DocumentKey == row.Key)
            .OrderByDescending(r => r.Number)
            .FirstOrDefaultAsync(ct);
        return new Outcome(null, latest);
    }
}
