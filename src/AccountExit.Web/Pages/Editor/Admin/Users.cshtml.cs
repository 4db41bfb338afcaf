using System.ComponentModel.DataAnnotations;
using AccountExit.Web.Accounts;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor.Admin;

/// <summary>Admins add editors and disable or re-enable them; disabling ends that editor's sessions at once.</summary>
public sealed class UsersModel(AppDb db, UserManager<EditorUser> users, EditorAccounts accounts) : PageModel
{
    public sealed record Account(string Id, string Email, string Roles, bool IsDisabled, bool IsLockedOut, DateTime CreatedAtUtc);

    public sealed class NewAccount
    {
        [Required, EmailAddress, StringLength(256)]
        public string Email { get; set; } = "";

        [Required]
        public string Role { get; set; } = AccountExit.Web.Accounts.Roles.Editor;
    }

    [BindProperty]
    public NewAccount Input { get; set; } = new();

    public List<Account> Accounts { get; private set; } = [];
    public List<string> Problems { get; private set; } = [];
    public string? GeneratedPassword { get; private set; }
    public string? CreatedEmail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var created = await accounts.CreateAsync(Input.Email, Input.Role, password: null, User.Identity!.Name!);
            Problems.AddRange(created.Errors);
            if (created.User is not null)
            {
                // Shown once on this response only; never stored or logged.
                GeneratedPassword = created.GeneratedPassword;
                CreatedEmail = created.User.Email;
                Input = new NewAccount();
            }
        }
        else
        {
            Problems.Add("请填写有效的邮箱和角色。Enter a valid email and role.");
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, bool disabled, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        if (user.UserName == User.Identity!.Name && disabled)
        {
            Problems.Add("不能停用自己的账号。You cannot disable your own account.");
            await LoadAsync(ct);
            return Page();
        }
        await accounts.SetDisabledAsync(user, disabled, User.Identity!.Name!);
        return Redirect("/editor/users");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleNames = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        Accounts = [.. all.Select(u => new Account(u.Id, u.Email ?? "", string.Join(", ", roleNames.Where(r => r.UserId == u.Id).Select(r => r.Name)),
            u.IsDisabled, u.LockoutEnd > DateTimeOffset.UtcNow, u.CreatedAtUtc))];
    }
}
