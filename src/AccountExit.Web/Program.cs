using AccountExit.Web.Cli;
using AccountExit.Web.Startup;

// `-- validate-content [DIR]` checks content without starting anything.
if (args.Length > 0 && args[0] == "validate-content")
{
    return ValidateContent.Run(args[1..], Directory.GetCurrentDirectory(), Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAccountExitWeb();
builder.AddAccountExitData();

var app = builder.Build();
app.UseAccountExitPipeline();
await app.RunAsync();
return 0;
