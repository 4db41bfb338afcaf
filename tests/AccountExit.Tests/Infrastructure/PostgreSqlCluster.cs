using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AccountExit.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 cluster (Debian's <c>postgresql</c> package) for this test process: initdb in a temporary
/// folder, on a free loopback port, started the first time a test asks for a database and stopped
/// (<c>pg_ctl -m immediate stop</c>) when the process exits, whether its tests passed or not. initdb refuses to run as
/// root, so as root it runs as the <c>postgres</c> user. <c>ACCOUNTEXIT_PG_BIN</c> overrides the binaries' folder.
/// A test that stops the server under a running site (the fault tests) takes a cluster of its own (<see cref="StartOwn"/>),
/// so the shared one never goes away under another test.
/// </summary>
public sealed class PostgreSqlCluster : IDisposable
{
    private static readonly Lazy<PostgreSqlCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asPostgres;

    private PostgreSqlCluster(string folder, string bin, bool asPostgres, int port)
    {
        _folder = folder;
        _bin = bin;
        _asPostgres = asPostgres;
        Port = port;
    }

    public static PostgreSqlCluster Instance => Shared.Value;

    public int Port { get; }

    /// <summary>A connection string to the named database, created empty the first time it is asked for.</summary>
    public string Database(string name)
    {
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                create.ExecuteNonQuery();
            }
        }
        return ConnectionString(name);
    }

    /// <summary>A database name of its own for a test's data folder: a second factory on the same folder is a restart.</summary>
    public static string NameFor(string dataFolder) =>
        "t_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataFolder)))[..20];

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling=true;Include Error Detail=true";

    private static PostgreSqlCluster Start() => Start("accountexit-pg-");

    private static PostgreSqlCluster Start(string prefix)
    {
        var bin = Environment.GetEnvironmentVariable("ACCOUNTEXIT_PG_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException(
                $"No PostgreSQL in {bin}: install Debian's postgresql package (test.sh does), or set ACCOUNTEXIT_PG_BIN.");
        }
        var asPostgres = Environment.UserName == "root";
        RemoveStoppedClusters();
        // /tmp is writable by every user; the folder is made by the server's own user so initdb may use it.
        var folder = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (asPostgres)
        {
            Run("chown", "postgres", folder);
        }
        var port = FreePort();
        var cluster = new PostgreSqlCluster(folder, bin, asPostgres, port);
        cluster.Server("initdb", "-D", Path.Combine(folder, "data"), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        cluster.StartServer();
        return cluster;
    }

    /// <summary>
    /// A cluster for one test alone, stopped and removed when disposed (or when the process exits). Its folder has a
    /// prefix of its own: while its server is stopped on purpose, a cluster starting elsewhere must not take it for
    /// the leftover of a killed run.
    /// </summary>
    public static PostgreSqlCluster StartOwn() => Start(OwnPrefix);

    private const string OwnPrefix = "accountexit-pgown-";

    /// <summary>Starts the server again on the same port and folder after <see cref="StopServer"/>; waits until it accepts connections.</summary>
    public void StartServer() =>
        Server("pg_ctl", "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log"), "-w",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");

    /// <summary>Stops the server, keeping its data: <c>fast</c> ends every session (a restart), <c>immediate</c> is a crash.</summary>
    public void StopServer(string mode = "fast") => Server("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", mode, "-w", "stop");

    public void Dispose() => Stop();

    /// <summary>Folders of earlier runs whose server is stopped (a test host killed before its exit handler finished).</summary>
    private static void RemoveStoppedClusters()
    {
        var ownLeftovers = Directory.EnumerateDirectories(Path.GetTempPath(), OwnPrefix + "*")
            .Where(d => Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddHours(-1));
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), "accountexit-pg-*").Concat(ownLeftovers))
        {
            if (!File.Exists(Path.Combine(old, "data", "postmaster.pid")))
            {
                try
                {
                    Directory.Delete(old, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private void Stop()
    {
        try
        {
            Server("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Server(string program, params string[] args)
    {
        var path = Path.Combine(_bin, program);
        if (_asPostgres)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{output.Result}{errors.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Which database the integration tests run on: SQLite unless <c>ACCOUNTEXIT_TEST_DATABASE=PostgreSql</c>
/// (test.sh runs the data-touching tests a second time that way).
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable("ACCOUNTEXIT_TEST_DATABASE"), "PostgreSql", StringComparison.OrdinalIgnoreCase);
}
