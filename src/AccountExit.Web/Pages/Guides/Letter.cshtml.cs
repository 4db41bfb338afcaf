using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Letters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Guides;

/// <summary>
/// A guide's request letter: the formal letter for the chosen reason, rendered here with visible blanks, so it can be
/// read, printed and filled in by hand with JavaScript off. <c>letter.js</c> fills the blanks in the page as the
/// reader types; nothing typed is ever sent here (there is no form), so this page only ever sees the reason.
/// </summary>
public sealed class LetterModel(AppDb db) : PageModel
{
    /// <summary>One language's copy of the letter, as <c>_LetterSheet</c> renders it.</summary>
    public sealed record Sheet(RequestLetter Letter, LetterReason Reason, bool English);

    public GuideFrontMatter Guide { get; private set; } = null!;
    public RequestLetter Letter { get; private set; } = null!;
    public LetterReason Reason { get; private set; } = LetterReason.Cancel;

    /// <summary>The <c>mailto:</c> link with the letter as written here (blanks included), when the guide records an address.</summary>
    public string? MailtoHref { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? reason, CancellationToken ct)
    {
        var json = await db.Guides.AsNoTracking().Where(g => g.IsPublished && g.Slug == slug).Select(g => g.FrontMatterJson).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return NotFound();
        }
        Guide = CanonicalContent.FromJson<GuideFrontMatter>(json);
        var ids = RequestLetter.ProvisionIds;
        var provisions = await db.Legal.AsNoTracking().Where(l => l.IsPublished && ids.Contains(l.Key))
            .Select(l => new { l.Key, l.FrontMatterJson, l.BodyMarkdown })
            .ToListAsync(ct);
        Letter = RequestLetter.Compose(Guide, provisions.ToDictionary(p => p.Key,
            p => new QuotedProvision(CanonicalContent.FromJson<LegalFrontMatter>(p.FrontMatterJson), p.BodyMarkdown), StringComparer.Ordinal));
        Reason = LetterReason.Find(reason);
        if (Guide.RequestEmail is { } email)
        {
            MailtoHref = Mailto(email, Letter.SubjectZh, Letter.PlainText(Reason, english: false));
        }
        return Page();
    }

    /// <summary>The same shape letter.js builds from the filled-in letter; line breaks as CRLF, as RFC 6068 asks.</summary>
    public static string Mailto(string email, string subject, string body) =>
        $"mailto:{email}?subject={Uri.EscapeDataString(subject)}&body={Uri.EscapeDataString(body.ReplaceLineEndings("\r\n"))}";
}
