using AccountExit.Web.Data;
using AccountExit.Web.Reports;
using AccountExit.Web.Startup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Search;

/// <summary>
/// <c>/search/request?platform=抖音</c>: a reader asks for a guide to a platform search did not find (offered by the
/// search page's "not covered" notice). A reader report of kind <see cref="ReportKinds.Request"/> whose GuideSlug is the
/// platform's name, so the editors' queue counts requests per platform. The same protections as a guide report: a
/// signed form-issued time (<see cref="ReportFormToken"/>), a trap field, a rate limit; never cached.
/// </summary>
[EnableRateLimiting(ProtectionSetup.ReportsPolicy)]
public sealed class RequestModel(AppDb db, ReportFormToken tokens) : PageModel
{
    /// <summary>A platform's name is short; anything longer is not a name.</summary>
    public const int MaxPlatformLength = 40;

    public sealed class RequestInput
    {
        public string? Note { get; set; }
        public string? Token { get; set; }
        /// <summary>The trap: hidden from people and screen readers, filled by bots that fill every field.</summary>
        public string? Website { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string? Platform { get; set; }

    [BindProperty]
    public RequestInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    /// <summary>Why the request was refused: an interface text key.</summary>
    public string? Problem { get; private set; }

    public IActionResult OnGet(bool sent = false)
    {
        if (Clean(Platform) is not { } platform)
        {
            return BadRequest();
        }
        Platform = platform;
        Sent = sent;
        Input = new RequestInput { Token = tokens.Issue(Key(platform)) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Clean(Platform) is not { } platform)
        {
            return BadRequest();
        }
        Platform = platform;
        var note = (Input.Note ?? "").ReplaceLineEndings("\n").Trim();
        var check = tokens.Verify(Input.Token, Key(platform));
        Problem = !string.IsNullOrEmpty(Input.Website) ? "这份报告看起来像是自动程序发送的，没有保存。如果这是误判，请再发送一次。"
            : check.Verdict == ReportFormToken.Verdict.Invalid ? "这个表单已失效，没有保存。请再发送一次。"
            : check.Verdict == ReportFormToken.Verdict.TooFast ? "发送得太快了，像是自动程序，没有保存。请确认内容后再发送一次。"
            : check.Verdict == ReportFormToken.Verdict.Expired ? "这个表单打开太久了，没有保存。请再发送一次。"
            : note.Length > ReaderReport.MaxNoteLength ? "说明太长了：最多 1000 字。"
            : null;
        if (Problem is not null)
        {
            Input.Token = tokens.Issue(Key(platform));
            Input.Website = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!await db.ReaderReports.AnyAsync(r => r.FormId == check.FormId, ct))
        {
            db.ReaderReports.Add(new ReaderReport
            {
                GuideSlug = platform, Kind = ReportKinds.Request, Note = note, FormId = check.FormId, CreatedAtUtc = DateTime.UtcNow,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // The same form, sent twice at the same moment: the unique form id let one through.
            }
        }
        return Redirect(HttpContext.Language().Href("/search/request?sent=true&platform=" + Uri.EscapeDataString(platform)));
    }

    /// <summary>The name as typed, trimmed, one line; null when empty or too long to be a name.</summary>
    private static string? Clean(string? platform) =>
        string.Join(' ', (platform ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 and <= MaxPlatformLength } clean
            && !clean.Any(char.IsControl) ? clean : null;

    /// <summary>What the form token is issued for: the platform, in a namespace of its own (guide reports use the slug).</summary>
    private static string Key(string platform) => "request:" + platform;
}
