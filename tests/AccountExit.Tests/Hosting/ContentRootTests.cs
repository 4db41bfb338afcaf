using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Hosting;

/// <summary>
/// The site as an operator starts it: the published folder (published once for the class) or the Release build output,
/// in Production, from a working directory that is not the app's folder. The page must come with its stylesheet.
/// </summary>
public sealed class ContentRootTests : IClassFixture<ContentRootTests.Published>
{
    public sealed class Published : IDisposable
    {
        public Repo.TempFolder Folder { get; } = new();

        public Published()
        {
            var project = Path.Combine(Repo.Root, "src", "AccountExit.Web", "AccountExit.Web.csproj");
            // The tests run after a Release build of the solution: publishing reuses it.
            var (exit, log) = Run("dotnet", Repo.Root, "publish", project, "-c", "Release", "--no-build", "-nologo", "-o", Folder.Path);
            Assert.True(exit == 0, "dotnet publish failed: " + log);
        }

        public void Dispose() => Folder.Dispose();
    }

    private readonly Published _published;

    public ContentRootTests(Published published) => _published = published;

    public static string BuildOutput => Path.Combine(Repo.Root, "src", "AccountExit.Web", "bin", "Release", "net10.0");

    [Fact]
    public async Task The_published_site_started_from_another_folder_serves_its_stylesheet() =>
        await AssertStyledAsync(Path.Combine(_published.Folder.Path, "AccountExit.Web.dll"), published: true);

    [Fact]
    public async Task The_release_build_output_in_production_serves_its_stylesheet() =>
        await AssertStyledAsync(Path.Combine(BuildOutput, "AccountExit.Web.dll"), published: false);

    private static async Task AssertStyledAsync(string dll, bool published)
    {
        using var elsewhere = new Repo.TempFolder();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__AccountExit"] = $"Data Source={Path.Combine(elsewhere.Path, "site.db")}";
        start.Environment["AccountExit__ContentPath"] = Repo.Content;
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilHealthyAsync(client, process, output);
            var (_, home) = await client.GetPageAsync("/");
            var href = home.QuerySelector("link[rel=stylesheet]")?.GetAttribute("href");
            Assert.NotNull(href);
            var css = await client.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
            var body = await css.Content.ReadAsStringAsync();
            Assert.Contains(".site-header", body, StringComparison.Ordinal);
            if (published)
            {
                // As deployed, a form posted to a path that does not exist is the friendly 404, like a GET. (The build
                // output and the test host answer 405: static web assets' catch-all GET route matches every path.)
                var post = await client.PostAsync("/no-such-page", new FormUrlEncodedContent([]));
                Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
                Assert.Contains("找不到页面", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilHealthyAsync(HttpClient client, Process process, System.Text.StringBuilder output)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        lock (output)
        {
            Assert.Fail("The site did not start: " + output);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int Exit, string Log) Run(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
