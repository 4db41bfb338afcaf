using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor;

/// <summary>Every guide and provision with its state (published, draft pending, unpublished), last check and staleness; how many reader reports are open.</summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    /// <summary>A guide not checked for this long is shown as stale.</summary>
    public const int StaleAfterDays = 180;

    public sealed record Row(string Key, string Title, string State, int? PublishedNumber, int LatestNumber, DateOnly? LastVerified, string? Attention)
    {
        public int? AgeDays(DateOnly today) => LastVerified is { } d && d != default ? today.DayNumber - d.DayNumber : null;
    }

    public List<Row> Guides { get; private set; } = [];
    public List<Row> Legal { get; private set; } = [];
    public DateOnly Today { get; } = DateOnly.FromDateTime(DateTime.UtcNow);
    public int OpenReports { get; private set; }

    public static string StateOf(bool isPublished, int? published, int latest) =>
        !isPublished ? "unpublished" : published < latest ? "draft pending" : "published";

    public async Task OnGetAsync(CancellationToken ct)
    {
        OpenReports = await db.ReaderReports.CountAsync(r => r.ResolvedAtUtc == null, ct);
        var guides = await db.Guides.AsNoTracking().OrderBy(g => g.Slug)
            .Select(g => new { g.Slug, g.Name, g.NameEn, g.IsPublished, g.PublishedRevisionNumber, g.LatestRevisionNumber, g.LastVerified, g.Attention })
            .ToListAsync(ct);
        Guides = [.. guides.Select(g => new Row(g.Slug, $"{g.Name} {g.NameEn}", StateOf(g.IsPublished, g.PublishedRevisionNumber, g.LatestRevisionNumber),
            g.PublishedRevisionNumber, g.LatestRevisionNumber, g.LastVerified, g.Attention))];
        var legal = await db.Legal.AsNoTracking().OrderBy(l => l.SortOrder)
            .Select(l => new { l.Key, l.Law, l.Article, l.IsPublished, l.PublishedRevisionNumber, l.LatestRevisionNumber, l.Attention })
            .ToListAsync(ct);
        Legal = [.. legal.Select(l => new Row(l.Key, $"《{l.Law}》{l.Article}", StateOf(l.IsPublished, l.PublishedRevisionNumber, l.LatestRevisionNumber),
            l.PublishedRevisionNumber, l.LatestRevisionNumber, null, l.Attention))];
    }
}
