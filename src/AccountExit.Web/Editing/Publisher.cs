using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Rendering;
using AccountExit.Web.Search;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Editing;

/// <summary>
/// The one way content changes, for the importer and the editor alike: add an immutable revision, publish a
/// revision into the row readers see (rendering its Markdown once, here), or unpublish. The caller saves.
/// </summary>
public sealed class Publisher(AppDb db, MarkdownRenderer renderer, IServiceProvider services)
{
    private readonly HashSet<(string Type, string Key)> _changed = [];

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
