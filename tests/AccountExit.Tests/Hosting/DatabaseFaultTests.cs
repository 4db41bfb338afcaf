using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using AccountExit.Web.Startup;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AccountExit.Tests.Hosting;

/// <summary>
/// The site as deployed (its own process, Production, HTTPS) on a PostgreSQL cluster of its own, which the test stops
/// under it and starts again: cached pages keep being served, everything else is a clear 503, nothing is written
/// half-way, and the site recovers by itself.
/// </summary>
public sealed class DatabaseFaultTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly Repo.TempFolder _folder = new();
    private PostgreSqlCluster? _ownCluster;
    private readonly TestCertificate _certificate;

    public DatabaseFaultTests() => _certificate = new TestCertificate(_folder.Path);

    /// <summary>A cluster of this test's own, since it is stopped under the site.</summary>
    private PostgreSqlCluster Cluster => _ownCluster ??= PostgreSqlCluster.StartOwn();

    public void Dispose()
    {
        _ownCluster?.Dispose();
        _certificate.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task While_postgresql_is_down_cached_pages_are_served_the_rest_is_a_clear_503_and_then_the_site_recovers()
    {
        var database = Cluster.Database("faults") + ";Timeout=3";
        using var site = await StartAsync(database);
        var (server, reader, editor) = (site.Server, site.Reader, site.Editor);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/guides/wechat")).StatusCode);
        var form = await editor.OpenAsync("/editor/guides/qq/edit");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var revisionsBefore = await RevisionsAsync(database, "qq");

        Cluster.StopServer();

        var cached = await reader.GetAsync("/guides/wechat");
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        // And browsers and CDNs were told they may show their copy for a day when this server answers an error.
        Assert.Contains("stale-if-error=86400", cached.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        foreach (var (path, text) in new[] { ("/guides/qq", "数据库暂时无法访问"), ("/en/guides/qq", "The database is unavailable") })
        {
            var refused = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains(text, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
            Assert.True(refused.Headers.CacheControl?.NoStore, path);
            foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options" })
            {
                Assert.True(refused.Headers.Contains(header), $"{path} lacks {header}");
            }
        }

        // The page's stylesheet needs no database either.
        var css = await reader.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEmpty(await css.Content.ReadAsByteArrayAsync());

        var api = await reader.GetAsync("/api/v1/guides/qq");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":503", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await reader.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await reader.GetAsync("/healthz")).StatusCode);

        var save = await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = "while the database is down" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, save.Status);
        Assert.Contains("你的修改没有保存", save.Html, StringComparison.Ordinal);
        Assert.Contains("your change was not saved", save.Html, StringComparison.Ordinal);

        // The log says so once per request, without the stack traces EF Core and the request log would repeat.
        Assert.Contains("Database unavailable: POST /editor/guides/qq/edit answered 503", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Log, StringComparison.Ordinal);
        Cluster.StartServer();

        // No restart: the next requests find the database again.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            status = (await reader.GetAsync("/guides/qq")).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);

        // The eviction listener reconnects on its own backoff (at most 5 s apart); ready once it listens again.
        deadline = DateTime.UtcNow.AddSeconds(15);
        while ((status = (await reader.GetAsync("/readyz")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(revisionsBefore, await RevisionsAsync(database, "qq"));

        var again = await editor.OpenAsync("/editor/guides/qq/edit");
        var saved = await editor.SubmitAsync(again, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = "after the restart" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(revisionsBefore + 1, await RevisionsAsync(database, "qq"));
        Assert.DoesNotContain("Unhandled exception", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crashes_of_postgresql_under_reads_and_saves_lose_no_acknowledged_save_and_give_no_500()
    {
        var database = Cluster.Database("crashes") + ";Timeout=3";
        using var site = await StartAsync(database);
        var (server, reader, editor) = (site.Server, site.Reader, site.Editor);

        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(string What, HttpStatusCode Status)>();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var guidesRead = 0;
        var reading = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var guide = (await reader.GetAsync("/guides/wechat")).StatusCode;
                statuses.Add(("cached guide", guide));
                if (guide == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref guidesRead);
                }
                statuses.Add(("search", (await reader.GetAsync($"/search?q={Uri.EscapeDataString("微信" + i)}")).StatusCode));
            }
        });
        var saving = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var form = await editor.OpenAsync("/editor/guides/qq/edit");
                statuses.Add(("edit form", form.Status));
                if (form.Status != HttpStatusCode.OK)
                {
                    await Task.Delay(100);
                    continue;
                }
                var note = $"save {i}";
                var saved = await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = note });
                statuses.Add(("save", saved.Status));
                if (saved.Status == HttpStatusCode.Redirect)
                {
                    acknowledged.Add(note);
                }
            }
        });

        int Refused() => statuses.Count(s => s.Status == HttpStatusCode.ServiceUnavailable);
        const string EvictedEverything = "Evicted every cached page";
        server.Watch(EvictedEverything);
        for (var crash = 0; crash < 2; crash++)
        {
            // The guide must be in the cache when PostgreSQL goes: after a restart the listener reconnects and evicts
            // everything (by design), so wait for that and for a reader to have filled the cache again.
            await Until.TrueAsync(() => server.Seen(EvictedEverything) >= crash, "the listener's eviction after the restart");
            var read = Volatile.Read(ref guidesRead);
            // Two reads: the first may have been answered before the eviction; the second began after the first ended.
            await Until.TrueAsync(() => Volatile.Read(ref guidesRead) > read + 1, "the guide read (and cached) before the crash");
            // Each crash lands on a site that is saving (so a save may be in flight) and lasts until someone is refused.
            var saved = acknowledged.Count;
            await Until.TrueAsync(() => acknowledged.Count > saved, "a save acknowledged before the crash");
            Cluster.StopServer("immediate");
            var refused = Refused();
            await Until.TrueAsync(() => Refused() > refused, "a 503 while PostgreSQL is down");
            Cluster.StartServer();
        }
        var beforeRecovery = acknowledged.Count;
        await Until.TrueAsync(() => acknowledged.Count > beforeRecovery, "a save acknowledged after the last restart");
        await stop.CancelAsync();
        await Task.WhenAll(reading, saving);

        Assert.DoesNotContain(statuses, s => s.Status is not (HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.ServiceUnavailable));
        Assert.DoesNotContain(statuses, s => s.What == "cached guide" && s.Status != HttpStatusCode.OK);
        Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
        Assert.NotEmpty(acknowledged);
        await using var db = new NpgsqlConnection(database + ";Pooling=false");
        await db.OpenAsync();
        await using var notes = new NpgsqlCommand("SELECT \"Note\" FROM \"Revisions\" WHERE \"DocumentKey\" = 'qq'", db);
        var stored = new List<string>();
        await using (var rows = await notes.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                stored.Add(rows.GetString(0));
            }
        }
        foreach (var note in acknowledged)
        {
            Assert.Single(stored, note);
        }
    }

    [Fact]
    public async Task On_sqlite_a_save_that_waits_out_the_busy_timeout_is_a_clear_503_and_writes_nothing()
    {
        using var site = new EditorSite(settings: new Dictionary<string, string> { ["AccountExit:Database"] = "Sqlite" });
        using var editor = await site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/qq/edit");
        var before = await site.WithDbAsync(db => db.Revisions.CountAsync());

        // Another process holds the write lock longer than the site's busy_timeout (10 s).
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={site.Factory.DatabasePath};Pooling=false"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }
            var save = await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = "while locked" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, save.Status);
            Assert.Contains("你的修改没有保存", save.Html, StringComparison.Ordinal);
            // Readers are not blocked by a writer (WAL).
            using var reader = site.NewClient();
            var page = await reader.GetAsync("/guides/qq");
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /guides/qq while a writer holds the lock: {page.StatusCode}\n{site.Factory.ServerLog()}");
        }

        Assert.Equal(before, await site.WithDbAsync(db => db.Revisions.CountAsync()));
        var again = await editor.OpenAsync("/editor/guides/qq/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync(again, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = "after" })).Status);
    }

    [Fact]
    public void Only_a_database_that_cannot_answer_counts_as_unavailable()
    {
        Assert.True(DbErrors.IsUnavailable(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.True(DbErrors.IsUnavailable(new InvalidOperationException("transient", new NpgsqlException("Exception while reading from stream", new IOException()))));
        Assert.True(DbErrors.IsUnavailable(new Microsoft.EntityFrameworkCore.DbUpdateException("save", new System.Net.Sockets.SocketException(111))));
        Assert.False(DbErrors.IsUnavailable(new Microsoft.Data.Sqlite.SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DbErrors.IsUnavailable(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_lost_race_is_dropped_from_ef_cores_error_log_and_nothing_else_is()
    {
        static Serilog.Events.LogEvent Logged(string source, Exception e) => new(DateTimeOffset.UtcNow, Serilog.Events.LogEventLevel.Error, e,
            new Serilog.Events.MessageTemplate("failed", []),
            [new Serilog.Events.LogEventProperty("SourceContext", new Serilog.Events.ScalarValue(source))]);
        var duplicate = new DbUpdateException("save", new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation));
        Assert.True(LogFilters.IsConflictLoggedByEfCore(Logged("Microsoft.EntityFrameworkCore.Update", duplicate)));
        Assert.True(LogFilters.IsConflictLoggedByEfCore(Logged("Microsoft.EntityFrameworkCore.Database.Command", new Microsoft.Data.Sqlite.SqliteException("UNIQUE constraint failed", 19))));
        Assert.True(LogFilters.IsConflictLoggedByEfCore(Logged("Microsoft.EntityFrameworkCore.Update", new DbUpdateConcurrencyException("stale"))));
        // The same conflict unhandled, as the exception handler logs it, stays; and EF Core's other errors stay.
        Assert.False(LogFilters.IsConflictLoggedByEfCore(Logged("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", duplicate)));
        Assert.False(LogFilters.IsConflictLoggedByEfCore(Logged("Microsoft.EntityFrameworkCore.Update",
            new DbUpdateException("save", new PostgresException("no such column", "ERROR", "ERROR", PostgresErrorCodes.UndefinedColumn)))));
    }

    [Fact]
    public void The_first_look_at_a_new_postgresql_databases_migration_history_is_not_logged_as_an_error()
    {
        static Serilog.Events.LogEvent Logged(string sql, Exception? e) => new(DateTimeOffset.UtcNow, Serilog.Events.LogEventLevel.Error, e,
            new Serilog.Events.MessageTemplate("Failed executing DbCommand", []),
            [new Serilog.Events.LogEventProperty("commandText", new Serilog.Events.ScalarValue(sql))]);
        const string History = "SELECT \"MigrationId\", \"ProductVersion\"\nFROM \"__EFMigrationsHistory\"\nORDER BY \"MigrationId\";";
        var missing = new PostgresException("relation \"__EFMigrationsHistory\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable);
        Assert.True(LogFilters.IsFirstMigrationProbe(Logged(History, missing)));
        Assert.True(LogFilters.IsFirstMigrationProbe(Logged(History, null)));
        // Any other failed command is a real error, and so is the history failing for another reason.
        Assert.False(LogFilters.IsFirstMigrationProbe(Logged("SELECT \"Slug\" FROM \"Guides\"", missing)));
        Assert.False(LogFilters.IsFirstMigrationProbe(Logged(History,
            new PostgresException("permission denied", "ERROR", "ERROR", PostgresErrorCodes.InsufficientPrivilege))));
    }

    private sealed record Site(ServerProcess Server, HttpClient Reader, HttpClient Editor) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Editor.Dispose();
            Server.Dispose();
        }
    }

    /// <summary>The server on that database, an editor made with create-user and signed in, and a reader who has read (so cached) /guides/wechat.</summary>
    private async Task<Site> StartAsync(string database)
    {
        var settings = new ServerProcess.Settings(Path.Combine(_folder.Path, "unused.db"), Repo.Content, _certificate,
            Environment: new Dictionary<string, string>
            {
                ["AccountExit__Database"] = "PostgreSql",
                ["ConnectionStrings__AccountExit"] = database,
                ["AccountExit__Protection__SearchPerMinute"] = "100000",
            });
        var server = await ServerProcess.StartAsync(settings, TimeSpan.FromSeconds(90));
        var (made, output) = await ServerProcess.RunVerbAsync(settings, Password + "\n",
            "create-user", "--email", "ed@example.test", "--role", "Editor", "--password-stdin");
        Assert.True(made == 0, output);
        var reader = _certificate.NewClient(server.BaseAddress, cookies: false);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/guides/wechat")).StatusCode);
        var editor = _certificate.NewClient(server.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await EditorSite.SignInAsync(editor, "ed@example.test", Password)).Status);
        return new Site(server, reader, editor);
    }

    private static async Task<long> RevisionsAsync(string connection, string slug)
    {
        // Not pooled: a pooled connection from before the restart is dead.
        await using var db = new NpgsqlConnection(connection + ";Pooling=false");
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"Revisions\" WHERE \"DocumentKey\" = @slug", db);
        count.Parameters.AddWithValue("slug", slug);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
