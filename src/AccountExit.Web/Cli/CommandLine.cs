using AccountExit.Web.Startup;

namespace AccountExit.Web.Cli;

/// <summary>
/// Verbs after <c>--</c> on the command line (<c>dotnet run --project src/AccountExit.Web -- VERB …</c>).
/// Each verb lives in its own file; this table is the list of them.
/// </summary>
public static class CommandLine
{
    /// <summary>Verbs that need the app's services (database, renderer, …) but not its web server.</summary>
    private static readonly Dictionary<string, Func<IServiceProvider, string[], Task<int>>> Verbs = new(StringComparer.Ordinal)
    {
        ["create-user"] = CreateUser.RunAsync,
        ["export-content"] = ExportContent.RunAsync,
        ["backup"] = Backup.RunAsync,
        ["copy-database"] = CopyDatabase.RunAsync,
        ["import"] = Import.RunAsync,
        ["reindex"] = Reindex.RunAsync,
        ["export-static"] = ExportStatic.RunAsync,
    };

    /// <summary>Verbs that need nothing but the file system and the settings: they run before the host is even built.</summary>
    public static int? RunOffline(string[] args) => args switch
    {
        ["validate-content", .. var rest] => ValidateContent.Run(WithoutSettings(rest), Directory.GetCurrentDirectory(), ContentPath(args), Console.Out, Console.Error),
        ["generate-corpus", .. var rest] => GenerateCorpus.Run(WithoutSettings(rest), Directory.GetCurrentDirectory(), ContentPath(args), Console.Out, Console.Error),
        _ => null,
    };

    /// <summary>The verb's own arguments: settings given as <c>--Key:Name=value</c> are the configuration's.</summary>
    private static string[] WithoutSettings(string[] args) =>
        [.. args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)))];

    /// <summary>
    /// <c>AccountExit:ContentPath</c> read exactly as the site reads it (appsettings.json and its environment's file,
    /// <c>AccountExit__ContentPath</c>, <c>--AccountExit:ContentPath=</c>), relative to the same content root as
    /// <c>DataSetup</c> takes it from; the builder is only read, never built.
    /// </summary>
    private static string ContentPath(string[] args)
    {
        var builder = WebApplication.CreateBuilder(WebSetup.Options(args));
        var configured = builder.Configuration[$"{AccountExitOptions.Section}:{nameof(AccountExitOptions.ContentPath)}"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "content" : configured, builder.Environment.ContentRootPath);
    }

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.ContainsKey(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await Verbs[args[0]](scope.ServiceProvider, args[1..]);
    }
}
