using System.Globalization;
using AccountExit.Web.Accounts;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace AccountExit.Web.Startup;

/// <summary>
/// Editor accounts with ASP.NET Core Identity, hardened beyond its defaults: long passwords without composition
/// rules, the most common ones refused, lockout, PBKDF2 at 210,000 iterations, __Host- cookies with idle and
/// absolute lifetimes, Data Protection keys kept with the database. (Sign-in is rate-limited in <see cref="ProtectionSetup"/>.)
/// </summary>
public static class AccountsSetup
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(2);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);
    private const string FirstIssued = ".signedInUtc";

    public static WebApplicationBuilder AddAccountExitAccounts(this WebApplicationBuilder builder, string? dataFolder)
    {
        var production = !builder.Environment.IsDevelopment();

        builder.Services.AddIdentity<EditorUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDb>()
            .AddSignInManager<EditorSignInManager>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped<EditorAccounts>();

        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);
        // A disabled account or a changed security stamp ends sessions on the very next request.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = production ? "__Host-AccountExit" : "AccountExit";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = production ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.LoginPath = "/editor/login";
            o.LogoutPath = "/editor/logout";
            o.AccessDeniedPath = "/editor/denied";
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = context =>
            {
                context.Properties.Items[FirstIssued] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                // Sliding renewal resets IssuedUtc, so the absolute lifetime is measured from the sign-in itself.
                if (!context.Properties.Items.TryGetValue(FirstIssued, out var first)
                    || !DateTimeOffset.TryParse(first, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
                    || DateTimeOffset.UtcNow - signedIn > AbsoluteLifetime)
                {
                    context.RejectPrincipal();
                    return;
                }
                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = production ? "__Host-AccountExit.Antiforgery" : "AccountExit.Antiforgery";
            // Secure on every HTTPS request. Not "Always": that makes every non-GET over plain HTTP (a probe, a misrouted
            // proxy) a 500 instead of a plain 400; the editor refuses plain HTTP outright anyway (WebSetup).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });

        var protection = builder.Services.AddDataProtection().SetApplicationName("AccountExit");
        // SQLite: a keys/ folder beside the database file. PostgreSQL: a table in the database, so that every instance
        // of a farm accepts the sign-ins, antiforgery tokens and report-form tokens the others made.
        if (dataFolder is null)
        {
            protection.PersistKeysToDbContext<Data.PostgreSql.PostgreSqlAppDb>();
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.EditorPolicy, p => p.RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));

        return builder;
    }
}
