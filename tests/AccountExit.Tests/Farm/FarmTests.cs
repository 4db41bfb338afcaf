using System.Diagnostics;
using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Tests.Reports;
using AccountExit.Web.Caching;
using Npgsql;
using Xunit.Abstractions;

namespace AccountExit.Tests.Farm;

/// <summary>
/// Three real instances (server processes, HTTPS, Production) started together on one empty PostgreSQL database: they
/// behave as one site. Always on PostgreSQL, whatever <c>ACCOUNTEXIT_TEST_DATABASE</c> says; test.sh runs them in its
/// PostgreSQL pass.
/// </summary>
public sealed class FarmTests(FarmTests.Farm farm, ITestOutputHelper output) : IClassFixture<FarmTests.Farm>
{
    [Fact]
    public void Three_instances_started_together_on_an_empty_database_import_once()
    {
        var files = Directory.EnumerateFiles(Repo.Content, "*.md", SearchOption.AllDirectories).Count();
        Assert.Equal(3, farm.Instances.Count);
        // One revision per content file, each the first of its document: nobody imported a second time.
        Assert.Equal(new Farm.Imported(files, files, 1, 1), farm.AfterStart);
    }

    [Fact]
    public async Task A_publish_through_the_editor_on_A_is_what_B_serves_next_though_B_had_it_cached()
    {
        var (a, b) = (farm.Instances[0], farm.Instances[1]);
        using var reader = farm.Certificate.NewClient(b.BaseAddress, cookies: false);
        var unseen = await farm.CachedWithChangeBehindAsync(reader, "qq");

        using var editor = farm.Certificate.NewClient(a.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await EditorSite.SignInAsync(editor, Farm.Email, Farm.Password)).Status);
        var marker = "farm" + Guid.NewGuid().ToString("N")[..8];
        var published = await editor.SubmitAsync(await editor.OpenAsync("/editor/guides/qq/edit"), "button[formaction$='publish=true']",
            new Dictionary<string, string> { ["Input.Summary"] = $"QQ 注销指南 {marker}", ["Note"] = "farm publish" });
        Assert.Equal(HttpStatusCode.Redirect, published.Status);

        var clock = Stopwatch.StartNew();
        var page = await Farm.EventuallyAsync(reader, "/guides/qq", p => p.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(2));
        output.WriteLine($"B served the publish {clock.ElapsedMilliseconds} ms after A acknowledged it");
        Assert.Contains(marker, page, StringComparison.Ordinal);
        // (The publish rendered the guide's HTML again, so the change made behind B's back, which proved B served its
        // cached copy, is gone.)
        Assert.DoesNotContain(unseen, page, StringComparison.Ordinal);

        // B evicted because A told it to; A, which had already evicted, skipped its own notification. PostgreSQL
        // delivers notifications in order, so once A has acted on one sent after the publish, it has seen the publish's.
        await Until.TrueAsync(() => EvictedForAnother(b, "qq"), "B evicting qq for A");
        await farm.ScalarAsync<string>($"SELECT pg_notify('{FarmEviction.ChannelName}', '{{\"from\":\"test\",\"slugs\":[\"weibo\"]}}')");
        await Until.TrueAsync(() => EvictedForAnother(a, "weibo"), "A evicting weibo for the test");
        Assert.False(EvictedForAnother(a, "qq"), a.Log);
    }

    /// <summary>Whether the instance's recent log says it evicted this guide on another instance's notification.</summary>
    private static bool EvictedForAnother(ServerProcess instance, string slug) =>
        instance.Log.Split('\n').Select(line => line.TrimEnd())
            .Where(line => line.Contains("Evicted for another instance: ", StringComparison.Ordinal))
            .Any(line => line[(line.IndexOf("instance: ", StringComparison.Ordinal) + "instance: ".Length)..].Split(", ").Contains(slug));

    [Fact]
    public async Task A_sign_in_an_editor_form_and_a_report_form_made_on_A_are_accepted_by_B()
    {
        var (a, b) = (farm.Instances[0], farm.Instances[1]);
        var browser = new CookieContainer();
        using var onA = farm.Certificate.NewClient(a.BaseAddress, browser);
        using var onB = farm.Certificate.NewClient(b.BaseAddress, browser);
        Assert.Equal(HttpStatusCode.Redirect, (await onB.GetAsync("/editor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await EditorSite.SignInAsync(onA, Farm.Email, Farm.Password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/editor")).StatusCode);

        var form = await onA.OpenAsync("/editor/guides/weibo/edit");
        var saved = await onB.SubmitAsync(OnOther(form, b), "button[formaction$='handler=save']",
            new Dictionary<string, string> { ["Note"] = "a draft sent to B from A's form" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var reader = new CookieContainer();
        using var readerOnA = farm.Certificate.NewClient(a.BaseAddress, reader);
        using var readerOnB = farm.Certificate.NewClient(b.BaseAddress, reader);
        var report = await readerOnA.OpenAsync("/guides/jd/report?kind=worked");
        Assert.Equal(HttpStatusCode.OK, report.Status);
        var sent = await readerOnB.SubmitAsync(OnOther(report, b), Reporting.Send);
        Reporting.AssertThanked(sent, "jd");
    }

    [Fact]
    public async Task An_account_disabled_on_A_is_signed_out_on_C_at_its_next_request()
    {
        var (a, b, c) = (farm.Instances[0], farm.Instances[1], farm.Instances[2]);
        var browser = new CookieContainer();
        using var onB = farm.Certificate.NewClient(b.BaseAddress, browser);
        using var onC = farm.Certificate.NewClient(c.BaseAddress, browser);
        Assert.Equal(HttpStatusCode.Redirect, (await EditorSite.SignInAsync(onB, Farm.ToDisable, Farm.Password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await onC.GetAsync("/editor")).StatusCode);

        using var admin = farm.Certificate.NewClient(a.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await EditorSite.SignInAsync(admin, Farm.Admin, Farm.Password)).Status);
        var users = await admin.OpenAsync("/editor/users");
        var row = users.Document.QuerySelectorAll("tr").First(tr => tr.TextContent.Contains(Farm.ToDisable, StringComparison.Ordinal));
        var id = row.QuerySelector("input[name=id]")!.GetAttribute("value");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(users, $"form:has(input[name=id][value='{id}']) button")).Status);

        var after = await onC.GetAsync("/editor");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/editor/login", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listener_reconnects_after_its_connection_is_killed_and_evicts_everything()
    {
        var c = farm.Instances[2];
        using var reader = farm.Certificate.NewClient(c.BaseAddress, cookies: false);
        var unseen = await farm.CachedWithChangeBehindAsync(reader, "weibo");
        var listener = $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{FarmEviction.ApplicationName} {c.ProcessId}'";

        // Refuse new connections while the listener's is killed, so it stays away long enough to be seen unready.
        await Farm.AdminAsync($"ALTER DATABASE \"{farm.Database}\" ALLOW_CONNECTIONS false");
        try
        {
            Assert.Equal(1L, await Farm.AdminScalarAsync<long>(listener.Replace("count(*)", "count(pg_terminate_backend(pid))", StringComparison.Ordinal)));
            var unready = await Farm.EventuallyAsync(reader, "/readyz", _ => false, TimeSpan.FromSeconds(5), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Unhealthy", unready, StringComparison.Ordinal);
            // The body names the check that failed: an operator sees it is the listener.
            Assert.Contains("\"name\":\"eviction listener\",\"status\":\"Unhealthy\"", unready, StringComparison.Ordinal);
            Assert.DoesNotContain(unseen, await reader.GetStringAsync("/guides/weibo"), StringComparison.Ordinal);
        }
        finally
        {
            await Farm.AdminAsync($"ALTER DATABASE \"{farm.Database}\" ALLOW_CONNECTIONS true");
        }

        var page = await Farm.EventuallyAsync(reader, "/guides/weibo", p => p.Contains(unseen, StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.Contains(unseen, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/readyz")).StatusCode);
        Assert.Equal(1L, await Farm.AdminScalarAsync<long>(listener));
    }

    [Fact]
    public async Task The_import_and_reindex_verbs_run_as_processes_of_their_own_evict_every_instance()
    {
        using var reader = farm.Certificate.NewClient(farm.Instances[1].BaseAddress, cookies: false);
        await farm.CachedWithChangeBehindAsync(reader, "baidu");
        using var content = new Repo.TempFolder();
        Repo.CopyFolder(Repo.Content, content.Path);
        var file = Path.Combine(content.Path, "guides", "baidu.md");
        var marker = "import" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(file, File.ReadAllText(file).Replace("summary: 百度账号可以申请注销", $"summary: 百度账号（{marker}）可以申请注销", StringComparison.Ordinal));
        var (exit, log) = await ServerProcess.RunVerbAsync(farm.Settings, "", "import", content.Path);
        Assert.True(exit == 0, log);
        Assert.Contains(marker, await Farm.EventuallyAsync(reader, "/guides/baidu", p => p.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(2)),
            StringComparison.Ordinal);

        // reindex changes no guide row: only "evict everything" renews the page, and shows what was changed behind its back.
        var unseen = await farm.CachedWithChangeBehindAsync(reader, "taobao");
        (exit, log) = await ServerProcess.RunVerbAsync(farm.Settings, "", "reindex");
        Assert.True(exit == 0, log);
        Assert.Contains(unseen, await Farm.EventuallyAsync(reader, "/guides/taobao", p => p.Contains(unseen, StringComparison.Ordinal), TimeSpan.FromSeconds(2)),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_nobody_can_read_evicts_everything_and_breaks_nothing()
    {
        using var reader = farm.Certificate.NewClient(farm.Instances[0].BaseAddress, cookies: false);
        var unseen = await farm.CachedWithChangeBehindAsync(reader, "alipay");
        await farm.ScalarAsync<string>($"SELECT pg_notify('{FarmEviction.ChannelName}', '{{\"slugs\": 42')");
        Assert.Contains(unseen, await Farm.EventuallyAsync(reader, "/guides/alipay", p => p.Contains(unseen, StringComparison.Ordinal), TimeSpan.FromSeconds(2)),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/readyz")).StatusCode);
    }

    /// <summary>The same form, sent to another instance: the farm's proxy may route the post anywhere.</summary>
    private static Forms.Page OnOther(Forms.Page page, ServerProcess instance) =>
        page with { Address = new Uri(instance.BaseAddress, page.Address.PathAndQuery) };

    public sealed class Farm : IAsyncLifetime, IDisposable
    {
        public const string Email = "farm-editor@example.test";
        public const string Password = "a farm test passphrase";
        public const string ToDisable = "farm-disabled@example.test";
        public const string Admin = "farm-admin@example.test";

        /// <summary>What the database held once all three were ready: revisions, documents, the highest revision number, Data Protection keys.</summary>
        public sealed record Imported(long Revisions, long Documents, long HighestNumber, long Keys);

        private readonly Repo.TempFolder _folder = new();
        private string _connectionString = "";

        public TestCertificate Certificate { get; private set; } = null!;
        public ServerProcess.Settings Settings { get; private set; } = null!;
        public IReadOnlyList<ServerProcess> Instances { get; private set; } = [];
        public string Database { get; } = "farm_" + Guid.NewGuid().ToString("N")[..12];
        public Imported AfterStart { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _connectionString = PostgreSqlCluster.Instance.Database(Database);
            Certificate = new TestCertificate(_folder.Path);
            var settings = Settings = new ServerProcess.Settings(Path.Combine(_folder.Path, "unused.db"), Repo.Content, Certificate, _connectionString,
                new Dictionary<string, string> { ["AccountExit__Protection__ReportFormMinSeconds"] = "0" });
            var starting = Enumerable.Range(0, 3).Select(_ => ServerProcess.StartAsync(settings, TimeSpan.FromSeconds(120))).ToList();
            try
            {
                Instances = await Task.WhenAll(starting);
            }
            catch
            {
                foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
                {
                    started.Result.Dispose();
                }
                throw;
            }
            foreach (var instance in Instances)
            {
                using var client = Certificate.NewClient(instance.BaseAddress, cookies: false);
                await EventuallyAsync(client, "/readyz", _ => true, TimeSpan.FromSeconds(30));
            }
            AfterStart = new Imported(
                await ScalarAsync<long>("SELECT count(*) FROM \"Revisions\""),
                await ScalarAsync<long>("SELECT count(DISTINCT (\"DocumentType\", \"DocumentKey\")) FROM \"Revisions\""),
                await ScalarAsync<long>("SELECT coalesce(max(\"Number\"), 0) FROM \"Revisions\""),
                await ScalarAsync<long>("SELECT count(*) FROM \"DataProtectionKeys\""));
            foreach (var (exit, log) in await Task.WhenAll(new[] { (Email, "Editor"), (ToDisable, "Editor"), (Admin, "Admin") }.Select(account =>
                ServerProcess.RunVerbAsync(settings, Password + "\n", "create-user", "--email", account.Item1, "--role", account.Item2, "--password-stdin"))))
            {
                Assert.True(exit == 0, log);
            }
        }

        /// <summary>
        /// Reads a guide page until the instance answers it from its cache, then changes the guide's HTML in the
        /// database behind the site's back (no eviction anywhere) and checks the instance still serves its copy.
        /// Returns the text only a freshly rendered page shows.
        /// </summary>
        public async Task<string> CachedWithChangeBehindAsync(HttpClient reader, string slug)
        {
            var unseen = "behind" + Guid.NewGuid().ToString("N")[..8];
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/guides/{slug}")).StatusCode);
            await using (var db = await OpenAsync(_connectionString))
            {
                await using var change = new NpgsqlCommand("UPDATE \"Guides\" SET \"BodyHtml\" = \"BodyHtml\" || @p WHERE \"Slug\" = @slug", db);
                change.Parameters.AddWithValue("p", $"<p>{unseen}</p>");
                change.Parameters.AddWithValue("slug", slug);
                Assert.Equal(1, await change.ExecuteNonQueryAsync());
            }
            Assert.DoesNotContain(unseen, await reader.GetStringAsync($"/guides/{slug}"), StringComparison.Ordinal);
            return unseen;
        }

        /// <summary>Asks until the answer has <paramref name="status"/> and passes <paramref name="done"/>, or the time is up; returns the last body.</summary>
        public static async Task<string> EventuallyAsync(HttpClient client, string url, Func<string, bool> done, TimeSpan within,
            HttpStatusCode status = HttpStatusCode.OK)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                using var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if ((response.StatusCode == status && (status != HttpStatusCode.OK || done(body))) || clock.Elapsed > within)
                {
                    Assert.Equal(status, response.StatusCode);
                    return body;
                }
                await Task.Delay(20);
            }
        }

        public Task<T> ScalarAsync<T>(string sql) => ScalarAsync<T>(_connectionString, sql);

        /// <summary>On the cluster's own database: works while this one refuses connections.</summary>
        public static Task<T> AdminScalarAsync<T>(string sql) => ScalarAsync<T>(PostgreSqlCluster.Instance.ConnectionString("postgres"), sql);

        public static Task AdminAsync(string sql) => AdminScalarAsync<string>(sql);

        private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
        {
            await using var db = await OpenAsync(connectionString);
            await using var command = new NpgsqlCommand(sql, db);
            var value = await command.ExecuteScalarAsync();
            return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
        {
            var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            return db;
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        /// <summary>xunit calls both Dispose and DisposeAsync: the second finds nothing left.</summary>
        public void Dispose()
        {
            foreach (var instance in Instances)
            {
                instance.Dispose();
            }
            Instances = [];
            Certificate?.Dispose();
            _folder.Dispose();
        }
    }
}
