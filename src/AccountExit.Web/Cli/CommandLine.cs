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
        ["import"] = Import.RunAsync,
        ["reindex"] = Reindex.RunAsync,
        ["export-static"] = ExportStatic.RunAsync,
    };

    /// <summary>Verbs that need nothing but the file system: they run before the host is even built.</summary>
    public static int? RunOffline(string[] args) => args switch
    {
        ["validate-content", .. var rest] => ValidateContent.Run(rest, Directory.GetCurrentDirectory(), Console.Out, Console.Error),
        ["generate-corpus", .. var rest] => GenerateCorpus.Run(rest, Directory.GetCurrentDirectory(), Console.Out, Console.Error),
        _ => null,
    };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.ContainsKey(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await Verbs[args[0]](scope.ServiceProvider, args[1..]);
    }
}
