using AccountExit.Web.Accounts;
using AccountExit.Web.Startup;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>create-user --email E --role Admin|Editor [--password-stdin]</c>: there is no default account. With
/// <c>--password-stdin</c> the password is read from standard input; otherwise one is generated and printed once.
/// </summary>
public static class CreateUser
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? email = null, role = null;
        var fromStdin = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length: email = args[++i]; break;
                case "--role" when i + 1 < args.Length: role = args[++i]; break;
                case "--password-stdin": fromStdin = true; break;
                default:
                    await Console.Error.WriteLineAsync($"create-user: unknown argument '{args[i]}'");
                    return 2;
            }
        }
        if (email is null || role is null)
        {
            await Console.Error.WriteLineAsync("usage: create-user --email E --role Admin|Editor [--password-stdin]");
            return 2;
        }
        var password = fromStdin ? (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n') : null;
        if (fromStdin && string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("create-user: --password-stdin given but standard input was empty");
            return 2;
        }

        await DataSetup.MigrateAsync(services);
        var created = await services.GetRequiredService<EditorAccounts>().CreateAsync(email, role, password, "create-user (command line)");
        if (created.User is null)
        {
            foreach (var error in created.Errors)
            {
                await Console.Error.WriteLineAsync($"create-user: {error}");
            }
            return 1;
        }
        Console.WriteLine($"Created {role} account {email}.");
        if (created.GeneratedPassword is not null)
        {
            Console.WriteLine($"Password (shown once, store it now): {created.GeneratedPassword}");
        }
        return 0;
    }
}
