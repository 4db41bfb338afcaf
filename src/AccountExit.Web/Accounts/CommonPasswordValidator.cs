using System.Reflection;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace AccountExit.Web.Accounts;

/// <summary>Refuses the most common passwords (the shipped list; see common-passwords.NOTICE.md), case-insensitively.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<EditorUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<EditorUser> manager, EditorUser user, string? password)
    {
        if (password is not null && IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "This password is one of the most commonly used ones. Choose another; a long passphrase works well.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password) =>
        Common.Value.Contains(password.ToLowerInvariant()) || password.Distinct().Count() <= 2;

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded common-passwords.txt is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            set.Add(line);
        }
        return set;
    }
}
