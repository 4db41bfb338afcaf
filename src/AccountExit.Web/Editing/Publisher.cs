using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Rendering;
using AccountExit.Web.Search;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Editing;

/// <summary>
/// The one way content changes, for the importer and the editor alike. The steps (add an immutable revision, publish a
/// revision into the row readers see, rendering its Markdown once, here; unpublish; then <see cref="SaveAsync"/>) are
/// what the importer combines; the editor's acts (<see cref="SaveRevisionAsync"/>, <see cref="PublishRevisionAsync"/>,
/// <see cref="UnpublishAsync"/>) each do their steps, clear the editor's attention flag where it applies, write the
/// audit entry and save, in one transaction.
/// </summary>
public sealed class Publisher(AppDb db, MarkdownRenderer renderer, IServiceProvider services)
{
    private readonly HashSet<(string Type, string Key)> _changed = [];

    /// <summary>Saved, or a conflict with <paramref name="Theirs"/> (null when a new document's key was taken meanwhile).</summary>
    public sealed record SaveOutcome(Revision? Saved, Revision? Theirs)
    {
        public bool IsConflict => Saved is null;
    }

    /// <summary>
    /// Saves an editor's revision only if nobody saved since the revision the editor started from; otherwise returns
    /// the other revision so the editor can compare, and saves nothing. Two saves racing on the same base cannot both
    /// land: the row's latest revision number is a concurrency token and revision numbers are unique. Audited as
    /// <paramref name="origin"/> ("edit", "restore", "verify"), with " and publish" when it publishes too.
    /// </summary>
    public async Task<SaveOutcome> SaveRevisionAsync(IPublishedDocument row, int baseNumber, string frontMatterJson, string body, string author,
        string note, string origin, bool publish, CancellationToken ct)
    {
        if (row.LatestRevisionNumber != baseNumber)
        {
            return await ConflictAsync(row, ct);
        }
        var revision = AddRevision(row, frontMatterJson, body, author, note, origin);
        if (publish)
        {
            Publish(row, revision);
            row.Attention = null;
        }
        db.Audit.Add(AuditEntry.Create(author, publish ? $"{origin} and publish" : origin, $"{row.DocumentType}/{row.Key} r{revision.Number}", note));
        try
        {
            await SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            _changed.Clear();
            return await ConflictAsync(row, ct);
        }
        return new SaveOutcome(revision, null);
    }

    /// <summary>An editor publishes an existing revision: readers see it, the attention flag goes, the act is audited.</summary>
    public async Task PublishRevisionAsync(IPublishedDocument row, Revision revision, string editor, CancellationToken ct)
    {
        Publish(row, revision);
        row.Attention = null;
        db.Audit.Add(AuditEntry.Create(editor, "publish", $"{row.DocumentType}/{row.Key} r{revision.Number}"));
        await SaveAsync(ct);
    }

    /// <summary>An editor takes a document away from readers; its revisions stay.</summary>
    public async Task UnpublishAsync(IPublishedDocument row, string editor, CancellationToken ct)
    {
        Unpublish(row);
        db.Audit.Add(AuditEntry.Create(editor, "unpublish", $"{row.DocumentType}/{row.Key}"));
        await SaveAsync(ct);
    }

    private async Task<SaveOutcome> ConflictAsync(IPublishedDocument row, CancellationToken ct)
    {
        var latest = await db.Revisions.AsNoTracking()
            .Where(r => r.DocumentType == row.DocumentType && r.DocumentKey == row.Key)
            .OrderByDescending(r => r.Number)
            .FirstOrDefaultAsync(ct);
        return new SaveOutcome(null, latest);
    }

    /// <summary>
    /// Saves everything pending in one transaction. Every writer of content (importer, editor) ends with this, so
    /// whatever must follow a change of what readers see follows every change.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // The search index changes in the same transaction, so it always says what the committed guides say.
        await SearchIndex.UpdateAsync(db, [.. _changed.Where(c => c.Type == Revision.GuideType).Select(c => c.Key)], ct);
        await transaction.CommitAsync(ct);
        // Then every cached page that shows what changed goes, so readers see it on their next request.
        if (_changed.Count > 0)
        {
            await SiteCache.EvictAsync(services, [.. _changed.Where(c => c.Type == Revision.GuideType).Select(c => c.Key)], ct);
        }
        _changed.Clear();
    }

    /// <summary>Guides whose search entry must be rebuilt on the next save even though their content did not change.</summary>
    public void Reindex(IEnumerable<string> slugs)
    {
        foreach (var slug in slugs)
        {
            _changed.Add((Revision.GuideType, slug));
        }
    }

    public Revision AddRevision(IPublishedDocument document, string frontMatterJson, string body, string author, string note, string origin)
    {
        var normalized = CanonicalContent.NormalizeBody(body);
        var revision = new Revision
        {
            DocumentType = document.DocumentType,
            DocumentKey = document.Key,
            Number = document.LatestRevisionNumber + 1,
            FrontMatterJson = frontMatterJson,
            BodyMarkdown = normalized,
            ContentHash = CanonicalContent.Hash(frontMatterJson, normalized),
            Author = author,
            CreatedAtUtc = DateTime.UtcNow,
            Note = note,
            Origin = origin,
        };
        db.Revisions.Add(revision);
        document.LatestRevisionNumber = revision.Number;
        return revision;
    }

    public void Publish(IPublishedDocument document, Revision revision)
    {
        document.FrontMatterJson = revision.FrontMatterJson;
        document.ApplyFrontMatter(revision.FrontMatterJson);
        document.BodyMarkdown = revision.BodyMarkdown;
        document.BodyHtml = renderer.Render(revision.BodyMarkdown);
        document.ContentHash = $"{revision.ContentHash}-r{MarkdownRenderer.Version}";
        document.IsPublished = true;
        document.PublishedRevisionNumber = revision.Number;
        document.UpdatedAtUtc = DateTime.UtcNow;
        revision.PublishedAtUtc ??= document.UpdatedAtUtc;
        _changed.Add((document.DocumentType, document.Key));
    }

    public void Unpublish(IPublishedDocument document)
    {
        document.IsPublished = false;
        document.UpdatedAtUtc = DateTime.UtcNow;
        _changed.Add((document.DocumentType, document.Key));
    }

    public Task<Revision?> FindRevisionAsync(string documentType, string key, int number, CancellationToken ct) =>
        db.Revisions.FirstOrDefaultAsync(r => r.DocumentType == documentType && r.DocumentKey == key && r.Number == number, ct);

    /// <summary>A new, unpublished guide row for a draft made in the editor.</summary>
    public Guide NewGuide(string slug, string frontMatterJson)
    {
        var guide = new Guide
        {
            Slug = slug, Name = "", NameEn = "", Company = "", Category = "", Difficulty = "", Outcome = "", Summary = "",
            SummaryEn = "", Aliases = "", FrontMatterJson = frontMatterJson, BodyMarkdown = "", BodyHtml = "", ContentHash = "",
            SourceFile = "", FactsAsOf = "", UpdatedAtUtc = DateTime.UtcNow,
        };
        guide.ApplyFrontMatter(frontMatterJson);
        db.Guides.Add(guide);
        return guide;
    }

    public LegalProvision NewLegal(string id, string frontMatterJson)
    {
        var legal = new LegalProvision
        {
            Key = id, Law = "", Article = "", Title = "", Status = "", FrontMatterJson = frontMatterJson, BodyMarkdown = "",
            BodyHtml = "", ContentHash = "", SourceFile = "", UpdatedAtUtc = DateTime.UtcNow,
        };
        legal.ApplyFrontMatter(frontMatterJson);
        db.Legal.Add(legal);
        return legal;
    }
}
