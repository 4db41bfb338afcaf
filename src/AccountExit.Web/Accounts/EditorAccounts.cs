using System.Security.Cryptography;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Accounts;

/// <summary>Creating, disabling and re-enabling editor accounts: one place for the CLI verb and the admin page.</summary>
public sealed class EditorAccounts(UserManager<EditorUser> users, RoleManager<IdentityRole> roles, AppDb db)
{
    public sealed record Created(EditorUser? User, string? GeneratedPassword, IReadOnlyList<string> Errors);

    /// <summary>Creates an account; without a password, generates a strong one to be shown once.</summary>
    public async Task<Created> CreateAsync(string email, string role, string? password, string actor)
    {
        if (!Roles.All.Contains(role))
        {
            return new Created(null, null, [$"role must be one of: {string.Join(", ", Roles.All)}"]);
        }
        foreach (var name in Roles.All)
        {
            if (await roles.RoleExistsAsync(name))
            {
                continue;
            }
            var created = new IdentityRole(name);
            try
            {
                await roles.CreateAsync(created);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // Another process made it first (create-user run twice at once on a new farm): it exists, which is all
                // this needs. The refused row must not be saved again with the account.
                db.Entry(created).State = EntityState.Detached;
            }
        }
        var generated = password is null ? Generate() : null;
        var user = new EditorUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAtUtc = DateTime.UtcNow };
        var result = await users.CreateAsync(user, password ?? generated!);
        if (!result.Succeeded)
        {
            return new Created(null, null, [.. result.Errors.Select(e => e.Description)]);
        }
        await users.AddToRoleAsync(user, role);
        db.Audit.Add(AuditEntry.Create(actor, "account created", email, role));
        await db.SaveChangesAsync();
        return new Created(user, generated, []);
    }

    /// <summary>Disabling also changes the security stamp, which ends every session of that account on its next request.</summary>
    public async Task SetDisabledAsync(EditorUser user, bool disabled, string actor)
    {
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        db.Audit.Add(AuditEntry.Create(actor, disabled ? "account disabled" : "account re-enabled", user.Email ?? user.Id));
        await db.SaveChangesAsync();
    }

    /// <summary>20 random characters from a 31-symbol alphabet (about 99 bits), in groups of five.</summary>
    private static string Generate()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return string.Join('-', chars.Chunk(5).Select(c => new string(c)));
    }
}
