using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccountExit.Web.Pages.Guides;

/// <summary>Where a report lands after it is sent (post, redirect, get): a reload sends nothing again.</summary>
public sealed class ReportSentModel(AppDb db) : PageModel
{
    public ReportModel.GuideName Guide { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await ReportModel.FindGuideAsync(db, slug, ct) is not { } guide)
        {
            return NotFound();
        }
        Guide = guide;
        return Page();
    }
}
