using System.ComponentModel.DataAnnotations;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace AccountExit.Web.Pages.Editor;

/// <summary>
/// Sign-in. Every failure (unknown address, wrong password, locked out, disabled) gets the same answer after the
/// same work, so the page never tells whether an account exists.
/// </summary>
public sealed class LoginModel(SignInManager<EditorUser> signIn, UserManager<EditorUser> users, AppDb db) : PageModel
{
    // A real hash to check unknown addresses against, so they take as long as known ones.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<EditorUser>().HashPassword(new EditorUser(), Guid.NewGuid().ToString()));

    public sealed class InputModel
    {
        [Required, EmailAddress, StringLength(256)]
        public string Email { get; set; } = "";

        [Required, StringLength(1024), DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Failed = true;
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email);
        SignInResult result;
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new EditorUser(), DecoyHash.Value, Input.Password);
            result = SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        }

        var outcome = result.Succeeded ? "sign-in" : result.IsLockedOut ? "sign-in refused: locked out" : result.IsNotAllowed ? "sign-in refused: disabled" : "sign-in failed";
        db.Audit.Add(AuditEntry.Create(Input.Email, outcome, "account", HttpContext.Connection.RemoteIpAddress?.ToString() ?? ""));
        await db.SaveChangesAsync(ct);

        if (!result.Succeeded)
        {
            Failed = true;
            Input.Password = "";
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/editor", StringComparison.Ordinal) ? ReturnUrl : "/editor");
    }
}
