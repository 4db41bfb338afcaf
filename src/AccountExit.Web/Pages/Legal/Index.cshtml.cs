using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Legal;

/// <summary>Every legal provision, verbatim, each under a stable anchor such as <c>/legal#pipl-47</c>.</summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    public sealed record ProvisionView(LegalFrontMatter Meta, string BodyHtml);

    public List<ProvisionView> Provisions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await db.Legal.AsNoTracking().Where(l => l.IsPublished).OrderBy(l => l.SortOrder).ThenBy(l => l.Key)
            .Select(l => new { l.FrontMatterJson, l.BodyHtml })
            .ToListAsync(ct);
        Provisions = [.. rows.Select(r => new ProvisionView(CanonicalContent.FromJson<LegalFrontMatter>(r.FrontMatterJson), r.BodyHtml))];
    }
}
