using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccountExit.Web.Pages.Editor;

public sealed class LogoutModel(SignInManager<EditorUser> signIn, AppDb db) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Editor/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        db.Audit.Add(AuditEntry.Create(User.Identity?.Name ?? "?", "sign-out", "account"));
        await db.SaveChangesAsync(ct);
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
