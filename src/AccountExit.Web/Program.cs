using AccountExit.Web.Cli;
using AccountExit.Web.Startup;

if (CommandLine.RunOffline(args) is int offlineExit)
{
    return offlineExit;
}

try
{
    return await RunAsync(args);
}
catch (SettingException e) when (WebSetup.IsOwnProcess)
{
    // A wrong setting is the operator's to fix: say which, once, without a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

static async Task<int> RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(WebSetup.Options(args));
    builder.AddAccountExitWeb();
    builder.AddAccountExitLanguages();
    builder.AddAccountExitData();
    builder.AddAccountExitAccounts(DataSetup.DataFolder(builder));
    builder.AddAccountExitCaching();
    builder.AddAccountExitProtection();
    builder.AddAccountExitOpenData();

    var app = builder.Build();
    // Before the host logs anything about it: an unreachable database is a setting to fix, not a crash.
    await DataSetup.CheckReachableAsync(app.Services);
    // The pipeline is configured before verbs run: export-static serves the real pages to itself.
    app.UseAccountExitPipeline();
    if (CommandLine.IsVerb(args))
    {
        return await CommandLine.RunAsync(app, args);
    }

    await app.RunAsync();
    return 0;
}
