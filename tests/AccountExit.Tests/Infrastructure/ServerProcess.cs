using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace AccountExit.Tests.Infrastructure;

/// <summary>
/// The real app as a child process (the test build's AccountExit.Web.dll), in Production, over HTTPS on a loopback
/// port of its own choosing, with a throwaway self-signed certificate: the production cookies (__Host-, Secure) and
/// antiforgery's HTTPS check behave exactly as deployed. Kill() is SIGKILL on Linux: no shutdown code runs.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _lastLines = new();
    private readonly List<string> _watched = [];
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    private ServerProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// The settings every run (server or verb) against one database needs: a SQLite file, or with
    /// <paramref name="PostgreSql"/> that connection string (the processes then run in <paramref name="DatabasePath"/>'s
    /// folder); <paramref name="Environment"/> adds settings.
    /// </summary>
    public sealed record Settings(string DatabasePath, string ContentPath, TestCertificate Certificate, string? PostgreSql = null,
        IReadOnlyDictionary<string, string>? Environment = null);

    /// <summary>The app's own process id (it runs as <c>dotnet AccountExit.Web.dll</c>, no wrapper).</summary>
    public int ProcessId => _process.Id;

    public static async Task<ServerProcess> StartAsync(Settings settings, TimeSpan timeout)
    {
        var start = Command(settings, "--urls", "https://127.0.0.1:0");
        var server = new ServerProcess(new Process { StartInfo = start });
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        // A server that stops before it listens (a failed start) fails the wait at once, with its output.
        server._process.EnableRaisingEvents = true;
        server._process.Exited += (_, _) => server._listening.TrySetCanceled();
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(cancel.Token);
            using var client = settings.Certificate.NewClient(server.BaseAddress, cookies: false);
            while (true)
            {
                try
                {
                    if ((await client.GetAsync("/healthz", cancel.Token)).StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not accepting yet.
                }
                await Task.Delay(20, cancel.Token);
            }
        }
        catch (OperationCanceledException)
        {
            var exited = server._process.HasExited;
            if (exited)
            {
                // Waits for the end of its output too.
                server._process.WaitForExit();
            }
            var log = server.Log;
            var problem = exited ? $"The server exited with {server._process.ExitCode} before it was healthy" : $"The server was not healthy within {timeout}";
            server.Dispose();
            throw new TimeoutException($"{problem}. Its last output:\n{log}");
        }
    }

    /// <summary>Runs a command-line verb (e.g. create-user) against the same database and waits for it.</summary>
    public static async Task<(int Exit, string Output)> RunVerbAsync(Settings settings, string stdin, params string[] args)
    {
        using var process = Process.Start(Command(settings, args))!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static ProcessStartInfo Command(Settings settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(settings.DatabasePath)!,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AccountExit.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ConnectionStrings__AccountExit"] = settings.PostgreSql ?? $"Data Source={settings.DatabasePath}";
        if (settings.PostgreSql is not null)
        {
            start.Environment["AccountExit__Database"] = "PostgreSql";
        }
        start.Environment["AccountExit__ContentPath"] = settings.ContentPath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Certificates__Default__Path"] = settings.Certificate.PfxPath;
        start.Environment["Kestrel__Certificates__Default__Password"] = settings.Certificate.Password;
        foreach (var (name, value) in settings.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>
    /// From now on, counts the lines of output that contain <paramref name="text"/> (<see cref="Log"/> keeps only the
    /// last 40 lines, and a server under load writes many).
    /// </summary>
    public void Watch(string text)
    {
        lock (_lastLines)
        {
            _watched.Add(text);
            _seen.TryAdd(text, 0);
        }
    }

    /// <summary>How many lines containing a <see cref="Watch"/>ed text the server has written since the watch began.</summary>
    public int Seen(string text)
    {
        lock (_lastLines)
        {
            return _seen[text];
        }
    }

    public string Log
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            foreach (var text in _watched)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    _seen[text]++;
                }
            }
            if (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    /// <summary>SIGKILL on Linux: the process gets no chance to flush, close or finish a request.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (https://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}

/// <summary>A self-signed certificate for 127.0.0.1, written as a PFX for Kestrel; clients trust exactly this one.</summary>
public sealed class TestCertificate : IDisposable
{
    private readonly X509Certificate2 _certificate;

    public TestCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        PfxPath = Path.Combine(folder, "localhost.pfx");
        File.WriteAllBytes(PfxPath, _certificate.Export(X509ContentType.Pfx, Password));
    }

    public string PfxPath { get; }
    public string Password { get; }

    /// <summary>A client like a browser's: keeps cookies, follows no redirects, trusts only this certificate.</summary>
    public HttpClient NewClient(Uri baseAddress, bool cookies = true) => NewClient(baseAddress, cookies ? new CookieContainer() : null);

    /// <summary>A client that keeps its cookies in <paramref name="jar"/> (none: no cookies), which other clients may share.</summary>
    public HttpClient NewClient(Uri baseAddress, CookieContainer? jar) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = jar is not null,
        CookieContainer = jar ?? new CookieContainer(),
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.GetCertHashString() },
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public void Dispose() => _certificate.Dispose();
}
