using AccountExit.Web.Data;
using AccountExit.Web.Editing;
using AccountExit.Web.Search;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Content;

public sealed record ImportReport(int Added, int Updated, int Unchanged, int Unpublished, int Conflicts, IReadOnlyList<FrontMatterError> Errors);

/// <summary>
/// Brings a content folder into the database in one transaction, as revisions. A file is compared by its canonical
/// hash with the version last imported from it, so an unchanged (or merely reformatted) file changes nothing. A
/// changed file becomes a new published revision, unless the document has web edits newer than its last import:
/// then it becomes a draft and the document is flagged for an editor, never overwriting the web edits. A file with
/// problems is skipped whole and its last good version stays; a removed file's document is unpublished, never deleted.
/// Everything is saved in one transaction (<see cref="Publisher.SaveAsync"/>).
/// </summary>
public sealed partial class ContentImporter(AppDb db, Publisher publisher, ILogger<ContentImporter> log)
{
    public const string ImportAuthor = "content/";

    private sealed class Counts
    {
        public int Added, Updated, Unchanged, Unpublished, Conflicts;
    }

    public async Task<ImportReport> ImportAsync(string contentPath, CancellationToken ct = default)
    {
        // Read before parsing: a file changed meanwhile makes the stored fingerprint differ from the folder, never match it.
        var fingerprint = ContentSet.Fingerprint(contentPath);
        if (fingerprint is { } seen && await UnchangedSinceLastImportAsync(seen.Hash, ct))
        {
            LogUnchanged(log, contentPath, seen.Files);
            return new ImportReport(0, 0, seen.Files, 0, 0, []);
        }

        var set = ContentSet.Load(contentPath);
        foreach (var error in set.Errors)
        {
            LogProblem(log, error.File, error.Line, error.Problem);
        }
        var failedFiles = set.Errors.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
        var counts = new Counts();

        var legal = await db.Legal.ToDictionaryAsync(l => l.Key, StringComparer.Ordinal, ct);
        foreach (var file in set.Legal)
        {
            var key = file.FrontMatter.Id;
            var json = CanonicalContent.ToJson(file.FrontMatter);
            legal.Remove(key, out var row);
            await ImportOneAsync(row ?? publisher.NewLegal(key, json), row is null, json, file, counts, ct);
        }
        UnpublishRemoved(legal.Values, failedFiles, counts);

        var guides = await db.Guides.ToDictionaryAsync(g => g.Slug, StringComparer.Ordinal, ct);
        foreach (var file in set.Guides)
        {
            var key = file.FrontMatter.Slug;
            var json = CanonicalContent.ToJson(file.FrontMatter);
            guides.Remove(key, out var row);
            await ImportOneAsync(row ?? publisher.NewGuide(key, json), row is null, json, file, counts, ct);
        }
        UnpublishRemoved(guides.Values, failedFiles, counts);

        // Also catch up on guides the index has never seen or indexed with an older tokeniser.
        publisher.Reindex(await SearchIndex.StaleSlugsAsync(db, ct));
        await RememberAsync(set.Errors.Count == 0 ? fingerprint?.Hash : null, ct);
        await publisher.SaveAsync(ct);

        LogImported(log, contentPath, counts.Added, counts.Updated, counts.Unchanged, counts.Unpublished, counts.Conflicts, set.Errors.Count);
        return new ImportReport(counts.Added, counts.Updated, counts.Unchanged, counts.Unpublished, counts.Conflicts, set.Errors);
    }

    /// <summary>
    /// Whether the last import read exactly this folder, and the search index is current (a migration or a new index
    /// version leaves it stale for the import to catch up). Plain commands, not LINQ: at start this is the only work,
    /// and compiling queries for it would cost more than the check.
    /// </summary>
    private async Task<bool> UnchangedSinceLastImportAsync(string fingerprint, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT "Fingerprint" = @fingerprint AND NOT EXISTS ({SearchIndex.StaleSql})
                FROM "ContentImports" WHERE "Key" = @key
                """;
            Parameter(command, "@fingerprint", fingerprint);
            Parameter(command, "@key", ContentImport.Last);
            Parameter(command, "@version", SearchIndex.Version);
            return await command.ExecuteScalarAsync(ct) is { } same && Convert.ToBoolean(same, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Saved with the import: the folder's fingerprint when it had no problem, else none (parse again next time).</summary>
    private async Task RememberAsync(string? fingerprint, CancellationToken ct)
    {
        var row = await db.ContentImports.FindAsync([ContentImport.Last], ct);
        if (row is null)
        {
            row = new ContentImport();
            db.ContentImports.Add(row);
        }
        row.Fingerprint = fingerprint ?? "";
        row.ImportedAtUtc = DateTime.UtcNow;
    }

    private async Task ImportOneAsync<T>(IPublishedDocument row, bool isNew, string json, ContentFile<T> file, Counts counts, CancellationToken ct)
        where T : class
    {
        var hash = CanonicalContent.Hash(json, file.Body);
        row.SourceFile = file.Path;
        if (!isNew && row.ImportedHash == hash)
        {
            counts.Unchanged++;
            return;
        }

        var wasRemoved = row.ImportedHash is null && !row.IsPublished;
        row.ImportedHash = hash;
        var latest = isNew ? null : await publisher.FindRevisionAsync(row.DocumentType, row.Key, row.LatestRevisionNumber, ct);
        if (latest?.ContentHash == hash)
        {
            // The file says what the site already has (e.g. an export committed to git): nothing to change,
            // except bringing back a document whose file had been removed.
            if (wasRemoved)
            {
                publisher.Publish(row, latest);
                counts.Updated++;
            }
            else
            {
                counts.Unchanged++;
            }
            return;
        }

        if (!isNew && await HasWebEditsSinceImportAsync(row, ct))
        {
            publisher.AddRevision(row, json, file.Body, ImportAuthor, $"{file.Path} changed in git while the site had newer web edits", "import-conflict");
            row.Attention = $"{file.Path} changed in git after the last web edit: compare the newest revision (from the file) with the web edits and publish the right one.";
            counts.Conflicts++;
            LogConflict(log, file.Path);
            return;
        }

        var revision = publisher.AddRevision(row, json, file.Body, ImportAuthor, $"imported from {file.Path}", "import");
        publisher.Publish(row, revision);
        if (isNew)
        {
            counts.Added++;
        }
        else
        {
            counts.Updated++;
        }
    }

    private Task<bool> HasWebEditsSinceImportAsync(IPublishedDocument row, CancellationToken ct)
    {
        var revisions = db.Revisions.Where(r => r.DocumentType == row.DocumentType && r.DocumentKey == row.Key);
        var lastImport = revisions.Where(r => r.Origin == "import").Max(r => (int?)r.Number) ?? 0;
        return revisions.AnyAsync(r => r.Number > lastImport && r.Origin != "import" && r.Origin != "import-conflict", ct);
    }

    /// <summary>
    /// Documents that came from a file no longer in the folder are unpublished, unless their file is merely broken
    /// (then the last good version stays). Documents created in the editor (never imported) are left alone.
    /// </summary>
    private void UnpublishRemoved(IEnumerable<IPublishedDocument> leftovers, HashSet<string> failedFiles, Counts counts)
    {
        foreach (var row in leftovers)
        {
            if (row.ImportedHash is not null && !failedFiles.Contains(row.SourceFile))
            {
                row.ImportedHash = null;
                if (row.IsPublished)
                {
                    publisher.Unpublish(row);
                    counts.Unpublished++;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Content file {File}:{Line}: {Problem}")]
    private static partial void LogProblem(ILogger logger, string file, int line, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File} changed in git but its document has newer web edits: imported as a draft and flagged for an editor")]
    private static partial void LogConflict(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Content in {ContentPath} is as last imported ({Files} files): nothing to import")]
    private static partial void LogUnchanged(ILogger logger, string contentPath, int files);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Imported content from {ContentPath}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Unpublished} unpublished, {Conflicts} conflicts, {Problems} file problems")]
    private static partial void LogImported(ILogger logger, string contentPath, int added, int updated, int unchanged, int unpublished, int conflicts, int problems);
}
