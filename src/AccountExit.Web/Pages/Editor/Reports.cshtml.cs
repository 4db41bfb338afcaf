using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor;

/// <summary>
/// Readers' reports: the open queue (newest first) or the resolved history, filtered by guide and kind, with counts
/// per guide; resolving one (or every open one shown) records who and when, with an optional note, in the report and
/// in the audit log. Resolving the last open "outdated" report of a guide takes the notice off its public page.
/// An editor may accept a report as evidence (a "worked" report then counts as a reader's confirmation on the guide, an
/// "outdated" or "wrong" one flags the claim it names until the guide is next published) or reject it (it shows nowhere).
/// </summary>
public sealed class ReportsModel(AppDb db) : PageModel
{
    public const int PageSize = 200;
    public static readonly IReadOnlyList<string> States = ["open", "resolved", "all"];

    public sealed record Row(int Id, string Slug, string Kind, string Note, DateTime CreatedAtUtc, DateTime? ResolvedAtUtc, string? ResolvedBy, string? ResolutionNote,
        bool? Accepted, string? ClaimKey);

    /// <summary>What an editor decides when resolving: accept as evidence, reject, or neither (e.g. a duplicate).</summary>
    public static readonly IReadOnlyList<string> Verdicts = ["accept", "reject"];

    public sealed record OpenAndTotal(int Open, int Total);

    public sealed record GuideCounts(string Slug, string Name, IReadOnlyDictionary<string, OpenAndTotal> ByKind)
    {
        public int Open => ByKind.Values.Sum(c => c.Open);
    }

    [BindProperty(SupportsGet = true)]
    public string? Guide { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string State { get; set; } = "open";

    public List<Row> Reports { get; private set; } = [];
    public int Matching { get; private set; }
    public List<GuideCounts> Counts { get; private set; } = [];
    public Dictionary<string, string> Names { get; private set; } = [];
    /// <summary>The label of each named claim, per guide, from the guide as published now.</summary>
    public Dictionary<string, Dictionary<string, string>> ClaimLabels { get; private set; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!FiltersAreValid())
        {
            return BadRequest();
        }
        var shown = Filtered();
        Matching = await shown.CountAsync(ct);
        var rows = State == "resolved" ? shown.OrderByDescending(r => r.ResolvedAtUtc).ThenByDescending(r => r.Id) : shown.OrderByDescending(r => r.Id);
        Reports = await rows.Take(PageSize)
            .Select(r => new Row(r.Id, r.GuideSlug, r.Kind, r.Note, r.CreatedAtUtc, r.ResolvedAtUtc, r.ResolvedBy, r.ResolutionNote, r.Accepted, r.ClaimKey))
            .ToListAsync(ct);
        var named = Reports.Where(r => r.ClaimKey is not null).Select(r => r.Slug).Distinct().ToList();
        var fronts = await db.Guides.AsNoTracking().Where(g => named.Contains(g.Slug)).Select(g => new { g.Slug, g.FrontMatterJson }).ToListAsync(ct);
        ClaimLabels = fronts.ToDictionary(g => g.Slug,
            g => ClaimChoices.Of(CanonicalContent.FromJson<GuideFrontMatter>(g.FrontMatterJson), english: false)
                .SelectMany(x => x.Choices.Select(c => (x.Label, c))).ToDictionary(c => c.c.Key, c => $"{c.Label}：{c.c.Label}", StringComparer.Ordinal),
            StringComparer.Ordinal);

        var counts = await db.ReaderReports.AsNoTracking()
            .GroupBy(r => new { r.GuideSlug, r.Kind })
            .Select(g => new { g.Key.GuideSlug, g.Key.Kind, Total = g.Count(), Open = g.Count(r => r.ResolvedAtUtc == null) })
            .ToListAsync(ct);
        Names = await db.Guides.AsNoTracking().OrderBy(g => g.Slug).ToDictionaryAsync(g => g.Slug, g => $"{g.Name} {g.NameEn}", StringComparer.Ordinal, ct);
        Counts = [.. counts.GroupBy(c => c.GuideSlug)
            .Select(g => new GuideCounts(g.Key, Names.GetValueOrDefault(g.Key, g.Key),
                g.ToDictionary(c => c.Kind, c => new OpenAndTotal(c.Open, c.Total), StringComparer.Ordinal)))
            .OrderByDescending(g => g.Open).ThenBy(g => g.Slug, StringComparer.Ordinal)];
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(int id, string? resolution, string? verdict, CancellationToken ct)
    {
        if (!FiltersAreValid() || Clean(resolution) is not { } note || !VerdictIsValid(verdict))
        {
            return BadRequest();
        }
        var report = await db.ReaderReports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return NotFound();
        }
        if (!report.IsOpen)
        {
            Message = $"报告 #{id} 已由 {report.ResolvedBy} 处理。Report #{id} was already resolved.";
            return BackToList();
        }
        if (verdict is not null && report.Kind == ReportKinds.Request)
        {
            return BadRequest();
        }
        await ResolveAsync([report], note, verdict, ct);
        Message = verdict switch
        {
            "accept" => $"已接受报告 #{id}，作为指南的证据。Report #{id} accepted as evidence.",
            "reject" => $"已拒绝报告 #{id}。Report #{id} rejected.",
            _ => $"已处理报告 #{id}。Report #{id} resolved.",
        };
        return BackToList();
    }

    /// <summary>Every open report the current filter shows (a guide must be chosen), e.g. after the guide was corrected.</summary>
    public async Task<IActionResult> OnPostResolveAllAsync(string? resolution, string? verdict, CancellationToken ct)
    {
        if (!FiltersAreValid() || string.IsNullOrEmpty(Guide) || Clean(resolution) is not { } note || !VerdictIsValid(verdict))
        {
            return BadRequest();
        }
        var open = await Filtered(openOnly: true).AsTracking().ToListAsync(ct);
        if (verdict is not null && open.Any(r => r.Kind == ReportKinds.Request))
        {
            return BadRequest();
        }
        await ResolveAsync(open, note, verdict, ct);
        Message = $"已处理 {open.Count} 条报告。{open.Count} reports resolved.";
        return BackToList();
    }

    private async Task ResolveAsync(List<ReaderReport> reports, string note, string? verdict, CancellationToken ct)
    {
        if (reports.Count == 0)
        {
            return;
        }
        var editor = User.Identity!.Name!;
        var now = DateTime.UtcNow;
        foreach (var report in reports)
        {
            report.ResolvedAtUtc = now;
            report.ResolvedBy = editor;
            report.ResolutionNote = note;
            report.Accepted = verdict switch { "accept" => true, "reject" => false, _ => null };
            var act = verdict switch { "accept" => "accept report", "reject" => "reject report", _ => "resolve report" };
            var claim = report.ClaimKey is null ? "" : $" #{report.ClaimKey}";
            db.Audit.Add(AuditEntry.Create(editor, act, $"report/{report.Id} guide/{report.GuideSlug} {report.Kind}{claim}", note));
        }
        await db.SaveChangesAsync(ct);
        if (verdict == "accept" || reports.Any(r => ReportKinds.ShowsOnGuidePage(r.Kind)))
        {
            // An accepted report is evidence on the guide page; the last open "outdated" report gone (or the oldest one)
            // takes its notice off: either way the page and its validator change.
            await SiteCache.EvictAsync(HttpContext.RequestServices, [], ct);
        }
    }

    private IQueryable<ReaderReport> Filtered(bool openOnly = false)
    {
        var reports = db.ReaderReports.AsNoTracking();
        if (!string.IsNullOrEmpty(Guide))
        {
            reports = reports.Where(r => r.GuideSlug == Guide);
        }
        if (!string.IsNullOrEmpty(Kind))
        {
            reports = reports.Where(r => r.Kind == Kind);
        }
        return openOnly || State == "open" ? reports.Where(r => r.ResolvedAtUtc == null)
            : State == "resolved" ? reports.Where(r => r.ResolvedAtUtc != null)
            : reports;
    }

    private static bool VerdictIsValid(string? verdict) => verdict is null || Verdicts.Contains(verdict, StringComparer.Ordinal);

    private bool FiltersAreValid() =>
        States.Contains(State, StringComparer.Ordinal) && (string.IsNullOrEmpty(Kind) || ReportKinds.IsKnown(Kind)) && (Guide?.Length ?? 0) <= 200;

    /// <summary>The resolution note, trimmed; null when it is too long (the form's maxlength stops a person first).</summary>
    private static string? Clean(string? note) =>
        (note ?? "").ReplaceLineEndings("\n").Trim() is var clean && clean.Length <= ReaderReport.MaxNoteLength ? clean : null;

    private RedirectResult BackToList() => Redirect(Url.Page("/Editor/Reports", new { guide = Guide, kind = Kind, state = State })!);
}
