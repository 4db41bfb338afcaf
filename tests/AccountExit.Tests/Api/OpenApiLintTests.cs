using System.Diagnostics;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Api;

/// <summary>
/// The OpenAPI document as a standard linter reads it: <c>@redocly/cli lint</c> (npm, through npx) with its
/// recommended rules (redocly.yaml at the repository root says which two are off, and why): no error, no warning.
/// </summary>
[Collection("site")]
public sealed class OpenApiLintTests(SiteFixture site) : IDisposable
{
    public const string Redocly = "@redocly/cli@2.77.0";
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Redocly_lints_the_document_clean()
    {
        var file = Path.Combine(_folder.Path, "openapi.json");
        await File.WriteAllTextAsync(file, await site.Client.GetStringAsync("/api/v1/openapi.json"));
        var start = new ProcessStartInfo("npx") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        foreach (var arg in new[] { "-y", Redocly, "lint", file, "--config", Path.Combine(Repo.Root, "redocly.yaml"), "--max-problems", "100" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var all = await output + await errors;
        Assert.True(process.ExitCode == 0, all);
        Assert.Contains("Woohoo! Your API description is valid.", all, StringComparison.Ordinal);
        // "You have 3 warnings." (Node's own deprecation notice about itself is not the document's.)
        Assert.DoesNotMatch(@"\d+ warnings?\b", all);
    }
}
