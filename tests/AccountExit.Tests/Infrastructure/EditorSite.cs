using System.Net;
using AccountExit.Web.Accounts;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Infrastructure;

/// <summary>
/// A private site (own content copy, own database) over https://localhost, so the production cookies
/// (__Host-, Secure) behave as deployed, with an admin, an editor, a disabled editor and an account with no role.
/// </summary>
public sealed class EditorSite : IDisposable
{
    public const string Password = "correct horse battery staple";
    public const string Admin = "admin@example.test";
    public const string Editor = "editor@example.test";
    public const string Editor2 = "editor2@example.test";
    public const string Disabled = "disabled@example.test";
    public const string NoRole = "reader@example.test";

    private readonly Repo.TempFolder _folder = new();

    public EditorSite(string? dataFolder = null, string? contentPath = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        ContentPath = contentPath ?? Path.Combine(_folder.Path, "content");
        if (contentPath is null)
        {
            Repo.CopyFolder(Repo.Content, ContentPath);
        }
        Factory = new SiteFactory(ContentPath, dataFolder ?? Path.Combine(_folder.Path, "data"), settings);
        Directory.CreateDirectory(Factory.DataFolder);
        using var _ = Factory.CreateClient();
        if (dataFolder is null)
        {
            CreateAccountsAsync().GetAwaiter().GetResult();
        }
    }

    public SiteFactory Factory { get; }
    public string ContentPath { get; }

    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>A client signed in through the real login form.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = NewClient();
        var response = await SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.Status);
        return client;
    }

    public static async Task<Forms.Page> SignInAsync(HttpClient client, string email, string password)
    {
        var login = await client.OpenAsync("/editor/login");
        return await client.SubmitAsync(login, "form button[type=submit]", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    private async Task CreateAccountsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<EditorAccounts>();
        foreach (var (email, role) in new[] { (Admin, Roles.Admin), (Editor, Roles.Editor), (Editor2, Roles.Editor), (Disabled, Roles.Editor) })
        {
            var created = await accounts.CreateAsync(email, role, Password, "test");
            Assert.Empty(created.Errors);
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>();
        await accounts.SetDisabledAsync((await users.FindByEmailAsync(Disabled))!, true, "test");
        var reader = new EditorUser { UserName = NoRole, Email = NoRole, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(reader, Password)).Succeeded);
    }

    public void Dispose()
    {
        Factory.Dispose();
        _folder.Dispose();
    }
}
