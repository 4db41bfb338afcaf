using AccountExit.Web.Cli;
using AccountExit.Web.Startup;

if (CommandLine.RunOffline(args) is int offlineExit)
{
    return offlineExit;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAccountExitWeb();
builder.AddAccountExitData();
builder.AddAccountExitCaching();

var app = builder.Build();
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseAccountExitPipeline();
await app.RunAsync();
return 0;
