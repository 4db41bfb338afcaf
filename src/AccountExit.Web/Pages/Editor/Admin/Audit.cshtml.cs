using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor.Admin;

/// <summary>The audit log, newest first: who did what, when (UTC).</summary>
public sealed class AuditModel(AppDb db) : PageModel
{
    public const int PageSize = 200;

    public List<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await db.Audit.AsNoTracking().OrderByDescending(a => a.Id).Take(PageSize).ToListAsync(ct);
}
