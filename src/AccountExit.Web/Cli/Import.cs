using System.Diagnostics;
using AccountExit.Web.Content;
using AccountExit.Web.Startup;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>import [DIR]</c>: what the site does on start (migrations, then the content folder into the database, search
/// index included), without serving. DIR defaults to <c>AccountExit:ContentPath</c>. Exit code 1 if any file had a problem.
/// </summary>
public static class Import
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length > 1)
        {
            await Console.Error.WriteLineAsync("usage: import [DIR]");
            return 2;
        }
        var dir = args.Length == 1 ? Path.GetFullPath(args[0]) : services.GetRequiredService<IOptions<AccountExitOptions>>().Value.ContentPath;
        var clock = Stopwatch.StartNew();
        // Under the same lock as an instance's import on start (PostgreSQL), so the two never import at once.
        var report = await DataSetup.MigratedAsync(services, () => services.GetRequiredService<ContentImporter>().ImportAsync(dir));
        Console.WriteLine($"imported {dir} in {clock.Elapsed.TotalSeconds:0.0} s: {report.Added} added, {report.Updated} updated, " +
            $"{report.Unchanged} unchanged, {report.Unpublished} unpublished, {report.Errors.Count} problems");
        return report.Errors.Count == 0 ? 0 : 1;
    }
}
