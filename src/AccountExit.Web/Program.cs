using AccountExit.Web.Cli;
using AccountExit.Web.Startup;

if (CommandLine.RunOffline(args) is int offlineExit)
{
    return offlineExit;
}

var builder = WebApplication.CreateBuilder(WebSetup.Options(args));
builder.AddAccountExitWeb();
builder.AddAccountExitLanguages();
builder.AddAccountExitData();
builder.AddAccountExitAccounts(DataSetup.DataFolder(builder));
builder.AddAccountExitCaching();
builder.AddAccountExitProtection();
builder.AddAccountExitOpenData();

var app = builder.Build();
// The pipeline is configured before verbs run: export-static serves the real pages to itself.
app.UseAccountExitPipeline();
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(app, args);
}

await app.RunAsync();
return 0;
