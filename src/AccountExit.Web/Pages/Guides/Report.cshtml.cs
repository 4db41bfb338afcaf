using AccountExit.Web.Caching;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Reports;
using AccountExit.Web.Startup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>
/// A reader's report on a guide, without an account: the kind (chosen by the guide page's link), an optional note, a
/// field only bots fill, and a signed form-issued time (<see cref="ReportFormToken"/>). Never cached, since it carries
/// tokens; rate-limited per client; a report that is accepted (or was already) redirects to a thank-you page, one
/// that is refused gets the form again with a 400 and the reason, and nothing is stored. Nothing about the reader is kept.
/// </summary>
[EnableRateLimiting(ProtectionSetup.ReportsPolicy)]
public sealed partial class ReportModel(AppDb db, ReportFormToken tokens, ILogger<ReportModel> log) : PageModel
{
    public sealed record GuideName(string Slug, string Name, string NameEn);

    public sealed class ReportInput
    {
        public string? Kind { get; set; }
        public string? Note { get; set; }
        /// <summary>The claim the report is about (its anchor, e.g. <c>pre-2</c>); empty for the whole guide.</summary>
        public string? Claim { get; set; }
        public string? Token { get; set; }
        /// <summary>The trap: hidden from people and screen readers, filled by bots that fill every field.</summary>
        public string? Website { get; set; }
    }

    [BindProperty]
    public ReportInput Input { get; set; } = new();

    public GuideName Guide { get; private set; } = null!;

    /// <summary>The claims a reader can name, by section, in the page's language.</summary>
    public IReadOnlyList<ClaimChoices.Group> Claims { get; private set; } = [];

    /// <summary>Why the report was refused: an interface text key.</summary>
    public string? Problem { get; private set; }

    public static Task<GuideName?> FindGuideAsync(AppDb db, string slug, CancellationToken ct) =>
        db.Guides.AsNoTracking().Where(g => g.IsPublished && g.Slug == slug)
            .Select(g => new GuideName(g.Slug, g.Name, g.NameEn)).FirstOrDefaultAsync(ct);

    public async Task<IActionResult> OnGetAsync(string slug, string? kind, string? claim, CancellationToken ct)
    {
        if (kind is not null && !ReportKinds.IsKnownOnGuides(kind))
        {
            return BadRequest();
        }
        if (await FindGuideAsync(db, slug, ct) is not { } guide)
        {
            return NotFound();
        }
        Guide = guide;
        var front = await LoadClaimsAsync(slug, ct);
        // A link may name a claim the guide no longer has (it was edited since): the form then starts at the whole guide.
        Input = new ReportInput { Kind = kind, Claim = claim is not null && ClaimChoices.IsChoice(front, claim) ? claim : null, Token = tokens.Issue(guide.Slug) };
        return Page();
    }

    private async Task<GuideFrontMatter> LoadClaimsAsync(string slug, CancellationToken ct)
    {
        var json = await db.Guides.AsNoTracking().Where(g => g.Slug == slug).Select(g => g.FrontMatterJson).FirstAsync(ct);
        var front = CanonicalContent.FromJson<GuideFrontMatter>(json);
        Claims = ClaimChoices.Of(front, HttpContext.Language().IsEnglish);
        return front;
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (Input.Kind is not null && !ReportKinds.IsKnownOnGuides(Input.Kind))
        {
            return BadRequest();
        }
        if (await FindGuideAsync(db, slug, ct) is not { } guide)
        {
            return NotFound();
        }
        Guide = guide;
        var front = await LoadClaimsAsync(slug, ct);
        var claim = string.IsNullOrEmpty(Input.Claim) ? null : Input.Claim;
        var note = (Input.Note ?? "").ReplaceLineEndings("\n").Trim();
        var check = tokens.Verify(Input.Token, guide.Slug);
        var trapped = !string.IsNullOrEmpty(Input.Website);
        Problem = trapped ? "这份报告看起来像是自动程序发送的，没有保存。如果这是误判，请再发送一次。"
            : check.Verdict == ReportFormToken.Verdict.Invalid ? "这个表单已失效，没有保存。请再发送一次。"
            : check.Verdict == ReportFormToken.Verdict.TooFast ? "发送得太快了，像是自动程序，没有保存。请确认内容后再发送一次。"
            : check.Verdict == ReportFormToken.Verdict.Expired ? "这个表单打开太久了，没有保存。请再发送一次。"
            : Input.Kind is null ? "请选择一项。"
            : note.Length > ReaderReport.MaxNoteLength ? "说明太长了：最多 1000 字。"
            : claim is not null && !ClaimChoices.IsChoice(front, claim) ? "这份指南刚刚更新过，你选的那一条已经不在了。请重新选择。"
            : null;
        if (Problem is not null)
        {
            LogRefused(log, guide.Slug, check.Verdict, trapped);
            Input.Token = tokens.Issue(guide.Slug);
            Input.Website = null;
            Input.Claim = claim is not null && ClaimChoices.IsChoice(front, claim) ? claim : null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await StoreAsync(guide.Slug, Input.Kind!, Input.Kind == ReportKinds.Worked ? null : claim, note, check.FormId, ct) && ReportKinds.ShowsOnGuidePage(Input.Kind!))
        {
            // The guide page's validator includes its open "outdated" reports: its cached copies go if the notice changed.
            await SiteCache.EvictAsync(HttpContext.RequestServices, [], ct);
        }
        return Redirect(HttpContext.Language().Href($"/guides/{guide.Slug}/report/sent"));
    }

    /// <summary>
    /// Stores the report unless its form was already sent (a double click, a reload) or the same note is already open
    /// for this guide and kind. Returns whether anything was stored.
    /// </summary>
    private async Task<bool> StoreAsync(string slug, string kind, string? claim, string note, string formId, CancellationToken ct)
    {
        var duplicate = await db.ReaderReports.AnyAsync(r => r.FormId == formId
            || (note != "" && r.GuideSlug == slug && r.Kind == kind && r.ClaimKey == claim && r.Note == note && r.ResolvedAtUtc == null), ct);
        if (duplicate)
        {
            return false;
        }
        db.ReaderReports.Add(new ReaderReport { GuideSlug = slug, Kind = kind, Note = note, ClaimKey = claim, FormId = formId, CreatedAtUtc = DateTime.UtcNow });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The same form, sent twice at the same moment: the unique form id let one through.
            return false;
        }
    }

    /// <summary>Never the note (a reader may have written something personal) and never the address.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Reader report on {Slug} refused: form {Verdict}, trap filled {Trap}")]
    private static partial void LogRefused(ILogger logger, string slug, ReportFormToken.Verdict verdict, bool trap);
}
