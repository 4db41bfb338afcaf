namespace AccountExit.Web.Accounts;

public static class Roles
{
    public const string Editor = "Editor";
    public const string Admin = "Admin";

    public static readonly string[] All = [Editor, Admin];

    /// <summary>Authorization policy names: everything under /editor needs <see cref="EditorPolicy"/>.</summary>
    public const string EditorPolicy = "Editor";
    public const string AdminPolicy = "Admin";
}
