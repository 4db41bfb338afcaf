using System.Text.Json;
using AccountExit.Web.Caching;
using AccountExit.Web.Data;
using AccountExit.Web.Rendering;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Content;

public sealed record ImportReport(int Added, int Updated, int Unchanged, int Unpublished, IReadOnlyList<FrontMatterError> Errors);

/// <summary>
/// Brings a content folder into the database in one transaction. Idempotent: an unchanged file (same hash) is not
/// touched. A file with problems is skipped whole and its last good version stays published; a removed file's
/// entry is unpublished, never deleted. When anything changed, the cached pages that show it are evicted after the commit.
/// </summary>
public sealed partial class ContentImporter(AppDb db, MarkdownRenderer renderer, ILogger<ContentImporter> log, IServiceProvider services)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ImportReport> ImportAsync(string contentPath, CancellationToken ct = default)
    {
        var set = ContentSet.Load(contentPath);
        foreach (var error in set.Errors)
        {
            LogProblem(log, error.File, error.Line, error.Problem);
        }
        var failedFiles = set.Errors.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
        var now = DateTime.UtcNow;
        int added = 0, updated = 0, unchanged = 0, unpublished = 0;
        var changedSlugs = new List<string>();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var legal = await db.Legal.ToDictionaryAsync(l => l.Key, StringComparer.Ordinal, ct);
        foreach (var file in set.Legal)
        {
            var l = file.FrontMatter;
            var hash = Hash(file.Hash);
            if (legal.Remove(l.Id, out var row) && row.ContentHash == hash && row.IsPublished)
            {
                unchanged++;
                continue;
            }
            if (row is null)
            {
                row = new LegalProvision
                {
                    Key = l.Id, Law = "", Article = "", Title = "", Status = "", FrontMatterJson = "", BodyMarkdown = "",
                    BodyHtml = "", ContentHash = "", SourceFile = "",
                };
                db.Legal.Add(row);
                added++;
            }
            else
            {
                updated++;
            }
            row.SortOrder = l.Order;
            row.Law = l.Law;
            row.Article = l.Article;
            row.Title = l.Title;
            row.Status = l.Status;
            row.FrontMatterJson = JsonSerializer.Serialize(l, Json);
            row.BodyMarkdown = file.Body;
            row.BodyHtml = renderer.Render(file.Body);
            row.ContentHash = hash;
            row.SourceFile = file.Path;
            row.IsPublished = true;
            row.UpdatedAtUtc = now;
        }
        unpublished += Unpublish(legal.Values, failedFiles, r => r.SourceFile, r => r.IsPublished, r => r.IsPublished = false);

        var guides = await db.Guides.ToDictionaryAsync(g => g.Slug, StringComparer.Ordinal, ct);
        foreach (var file in set.Guides)
        {
            var g = file.FrontMatter;
            var hash = Hash(file.Hash);
            if (guides.Remove(g.Slug, out var row) && row.ContentHash == hash && row.IsPublished)
            {
                unchanged++;
                continue;
            }
            if (row is null)
            {
                row = new Guide
                {
                    Slug = g.Slug, Name = "", NameEn = "", Company = "", Category = "", Difficulty = "", Outcome = "",
                    Summary = "", SummaryEn = "", Aliases = "", FrontMatterJson = "", BodyMarkdown = "", BodyHtml = "",
                    ContentHash = "", SourceFile = "", FactsAsOf = "",
                };
                db.Guides.Add(row);
                added++;
            }
            else
            {
                updated++;
            }
            changedSlugs.Add(g.Slug);
            row.Name = g.Name;
            row.NameEn = g.NameEn;
            row.Company = g.Company;
            row.Category = g.Category;
            row.Difficulty = g.Difficulty;
            row.Outcome = g.Outcome;
            row.Summary = g.Summary;
            row.SummaryEn = g.SummaryEn;
            row.Aliases = string.Join('\n', g.Aliases);
            row.FrontMatterJson = JsonSerializer.Serialize(g, Json);
            row.BodyMarkdown = file.Body;
            row.BodyHtml = renderer.Render(file.Body);
            row.ContentHash = hash;
            row.SourceFile = file.Path;
            row.LastVerified = DateOnly.ParseExact(g.LastVerified, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            row.FactsAsOf = g.FactsAsOf;
            row.IsPublished = true;
            row.UpdatedAtUtc = now;
        }
        unpublished += Unpublish(guides.Values, failedFiles, r => r.SourceFile, r => r.IsPublished, r =>
        {
            r.IsPublished = false;
            changedSlugs.Add(r.Slug);
        });

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (added + updated + unpublished > 0)
        {
            await SiteCache.EvictAsync(services, changedSlugs, ct);
        }

        var report = new ImportReport(added, updated, unchanged, unpublished, set.Errors);
        LogImported(log, contentPath, added, updated, unchanged, unpublished, set.Errors.Count);
        return report;
    }

    private static string Hash(string fileHash) => $"{fileHash}-r{MarkdownRenderer.Version}";

    /// <summary>Rows no valid file claims: unpublish them, unless their file is merely broken (then the last good version stays).</summary>
    private static int Unpublish<T>(IEnumerable<T> leftovers, HashSet<string> failedFiles, Func<T, string> sourceFile,
        Func<T, bool> isPublished, Action<T> unpublish)
    {
        var count = 0;
        foreach (var row in leftovers)
        {
            if (isPublished(row) && !failedFiles.Contains(sourceFile(row)))
            {
                unpublish(row);
                count++;
            }
        }
        return count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Content file {File}:{Line}: {Problem}")]
    private static partial void LogProblem(ILogger logger, string file, int line, string problem);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Imported content from {ContentPath}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Unpublished} unpublished, {Problems} file problems")]
    private static partial void LogImported(ILogger logger, string contentPath, int added, int updated, int unchanged, int unpublished, int problems);
}
