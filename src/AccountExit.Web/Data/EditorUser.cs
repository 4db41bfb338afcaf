using Microsoft.AspNetCore.Identity;

namespace AccountExit.Web.Data;

/// <summary>An editor or admin account (ASP.NET Core Identity). A disabled account cannot sign in and its sessions end.</summary>
public sealed class EditorUser : IdentityUser
{
    public bool IsDisabled { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
