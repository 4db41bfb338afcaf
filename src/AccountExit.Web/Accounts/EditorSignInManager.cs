using AccountExit.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Accounts;

/// <summary>Identity's sign-in manager, except that a disabled account can never sign in.</summary>
public sealed class EditorSignInManager(
    UserManager<EditorUser> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<EditorUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<EditorUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<EditorUser> confirmation)
    : SignInManager<EditorUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(EditorUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<EditorUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }
}
