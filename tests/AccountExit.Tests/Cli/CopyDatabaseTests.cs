using System.Globalization;
using System.Net;
using System.Security.Claims;
using AccountExit.Tests.Infrastructure;
using AccountExit.Tests.Reports;
using AccountExit.Web.Cli;
using AccountExit.Web.Data;
using AccountExit.Web.Data.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Cli;

/// <summary>
/// <c>copy-database</c>, run as its own process against a SQLite site that keeps running, into a database of the
/// throwaway PostgreSQL cluster; the copy is then compared table by table and started as a site of its own.
/// The source is SQLite in either pass; these run in test.sh's first pass (the cluster starts on demand).
/// </summary>
public sealed class CopyDatabaseTests : IDisposable
{
    private const string PgPassword = "pg-secret-never-printed";
    private readonly Repo.TempFolder _folder = new();
    private readonly EditorSite _site;
    private readonly TestCertificate _certificate;

    public CopyDatabaseTests()
    {
        _site = new EditorSite(settings: new Dictionary<string, string>(Reporting.NoWait) { ["AccountExit:Database"] = "Sqlite" });
        _certificate = new TestCertificate(_folder.Path);
    }

    public void Dispose()
    {
        _site.Dispose();
        _certificate.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_running_sqlite_site_is_copied_whole_serves_the_same_on_postgresql_and_its_pg_dump_restores()
    {
        await MakeHistoryAsync();
        var target = PostgreSqlCluster.Instance.Database("copy_" + Guid.NewGuid().ToString("N")[..12]) + $";Password={PgPassword}";

        var (exit, output) = await RunAsync(target);

        Assert.True(exit == 0, output);
        Assert.DoesNotContain(PgPassword, output, StringComparison.Ordinal);
        Assert.Contains("Revisions", output, StringComparison.Ordinal);
        Assert.Contains("search index built", output, StringComparison.Ordinal);

        await using (var into = Target(target))
        {
            await using var scope = _site.Factory.Services.CreateAsyncScope();
            var from = scope.ServiceProvider.GetRequiredService<AppDb>();
            foreach (var type in into.Model.GetEntityTypes().Where(t => t.GetTableName() is not null))
            {
                var expected = type.ClrType == typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)
                    ? KeyFiles()
                    : Rows(from.Model.FindEntityType(type.ClrType)!, await CopyDatabase.RowsAsync(from, from.Model.FindEntityType(type.ClrType)!));
                var copied = type.ClrType == typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)
                    ? [.. into.DataProtectionKeys.AsNoTracking().AsEnumerable().Select(k => $"{k.FriendlyName}|{System.Xml.Linq.XElement.Parse(k.Xml!)}").Order(StringComparer.Ordinal)]
                    : Rows(type, await CopyDatabase.RowsAsync(into, type));
                Assert.NotEmpty(expected);
                Assert.True(expected.SequenceEqual(copied), $"{type.GetTableName()}:\n{expected.Except(copied).FirstOrDefault()}\n{copied.Except(expected).FirstOrDefault()}");
                Assert.Equal(expected, copied);
            }
            // The sequences continue after the copied ids.
            var audit = AuditEntry.Create("test", "after-copy", "x");
            into.Audit.Add(audit);
            await into.SaveChangesAsync();
            Assert.True(audit.Id > await from.Audit.MaxAsync(a => a.Id));
        }

        await AssertServesTheCopyAsync(target, "pg-site");

        // The backup and restore of docs/operations.md: pg_dump -Fc while nothing stops, pg_restore into an empty database.
        var dump = Path.Combine(_folder.Path, "site.dump");
        var restored = PostgreSqlCluster.Instance.Database("restored_" + Guid.NewGuid().ToString("N")[..12]);
        var port = PostgreSqlCluster.Instance.Port.ToString(CultureInfo.InvariantCulture);
        Tool("pg_dump", "-Fc", $"--file={dump}", "-h", "127.0.0.1", "-p", port, "-U", "postgres", new Npgsql.NpgsqlConnectionStringBuilder(target).Database!);
        Tool("pg_restore", "--no-owner", "-h", "127.0.0.1", "-p", port, "-U", "postgres", $"--dbname={new Npgsql.NpgsqlConnectionStringBuilder(restored).Database}", dump);
        await AssertServesTheCopyAsync(restored, "restored-site");
    }

    /// <summary>Started on that database without importing content/: the edit is served, search finds the guide, the editor signs in.</summary>
    private async Task AssertServesTheCopyAsync(string connection, string folder)
    {
        using var copy = new SiteFactory(_site.ContentPath, Path.Combine(_folder.Path, folder), new Dictionary<string, string>
        {
            ["AccountExit:Database"] = "PostgreSql",
            ["ConnectionStrings:AccountExit"] = connection,
            ["AccountExit:ImportOnStart"] = "false",
        });
        using var reader = copy.NewReader(cookies: false);
        var page = await reader.GetAsync("/guides/jd");
        Assert.True(page.IsSuccessStatusCode, $"GET /guides/jd on the copy: {page.StatusCode}\n{copy.ServerLog()}");
        Assert.Contains("迁移前的网页修改", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"jd\"", await reader.GetStringAsync("/api/search?q=" + Uri.EscapeDataString("京东")), StringComparison.Ordinal);
        using var editor = copy.NewReader();
        Assert.Equal(HttpStatusCode.Redirect, (await EditorSite.SignInAsync(editor, EditorSite.Editor, EditorSite.Password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/editor")).StatusCode);
    }

    private static void Tool(string program, params string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("ACCOUNTEXIT_PG_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(bin, program)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program}: {errors.Result}");
    }

    [Fact]
    public async Task A_target_that_holds_data_is_refused_and_nothing_is_written()
    {
        var target = PostgreSqlCluster.Instance.Database("copy_" + Guid.NewGuid().ToString("N")[..12]);
        await using (var into = Target(target))
        {
            await into.Database.MigrateAsync();
            into.Audit.Add(AuditEntry.Create("someone", "was-here", "x"));
            await into.SaveChangesAsync();
        }

        var (exit, output) = await RunAsync(target);

        Assert.Equal(CopyDatabase.TargetNotEmpty, exit);
        Assert.Contains("not empty", output, StringComparison.Ordinal);
        await using (var into = Target(target))
        {
            Assert.Equal(1, await into.Audit.CountAsync());
        }
        await AssertNothingCopiedAsync(target);
    }

    [Fact]
    public async Task Counts_that_come_out_different_roll_the_whole_copy_back()
    {
        // A target that silently loses every audit row written to it (an AFTER INSERT trigger deletes it again): the
        // insert succeeds, only the count check can see it.
        var target = PostgreSqlCluster.Instance.Database("copy_" + Guid.NewGuid().ToString("N")[..12]);
        await using (var into = Target(target))
        {
            await into.Database.MigrateAsync();
            var audit = into.Model.FindEntityType(typeof(AuditEntry))!;
            var table = audit.GetTableName();
            var key = audit.FindPrimaryKey()!.Properties[0].GetColumnName();
            await into.Database.OpenConnectionAsync();
            await using var trigger = new Npgsql.NpgsqlCommand(
                $"CREATE FUNCTION lose_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM \"{table}\" WHERE \"{key}\" = NEW.\"{key}\"; RETURN NULL; END $$; " +
                $"CREATE TRIGGER lose_audit AFTER INSERT ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION lose_audit();",
                (Npgsql.NpgsqlConnection)into.Database.GetDbConnection());
            await trigger.ExecuteNonQueryAsync();
        }
        Assert.True(await _site.WithDbAsync(db => db.Audit.CountAsync()) > 0);

        var (exit, output) = await RunAsync(target);

        Assert.Equal(1, exit);
        Assert.Contains("MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("rolled back", output, StringComparison.Ordinal);
        await AssertNothingCopiedAsync(target);
    }

    /// <summary>No guide, revision or account of the site's reached the target.</summary>
    private static async Task AssertNothingCopiedAsync(string target)
    {
        await using var into = Target(target);
        Assert.Equal(0, await into.Guides.CountAsync());
        Assert.Equal(0, await into.Revisions.CountAsync());
        Assert.Equal(0, await into.Users.CountAsync());
    }

    [Fact]
    public async Task A_copy_taken_while_an_editor_keeps_saving_is_one_consistent_moment()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var stop = new CancellationTokenSource();
        var saves = 0;
        var saving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var page = await editor.OpenAsync("/editor/guides/qq/edit");
                await editor.SubmitAsync(page, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Input.Summary"] = $"保存 {saves++}" });
            }
        });
        var target = PostgreSqlCluster.Instance.Database("copy_" + Guid.NewGuid().ToString("N")[..12]);
        await Task.Delay(500);

        var (exit, output) = await RunAsync(target);
        await stop.CancelAsync();
        await saving;

        Assert.True(exit == 0, output);
        Assert.True(saves > 1, $"only {saves} saves ran alongside the copy");
        await using var into = Target(target);
        // Whatever moment the snapshot caught, the guide and its revisions agree with each other.
        var guide = await into.Guides.SingleAsync(g => g.Slug == "qq");
        var numbers = await into.Revisions.Where(r => r.DocumentType == Revision.GuideType && r.DocumentKey == "qq").Select(r => r.Number).ToListAsync();
        Assert.Equal(guide.LatestRevisionNumber, numbers.Max());
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers.Order());
        Assert.Equal(guide.PublishedRevisionNumber, guide.LatestRevisionNumber);
    }

    [Fact]
    public async Task A_table_the_verb_does_not_know_stops_it_before_anything_is_written()
    {
        await _site.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TABLE Stray (Id INTEGER PRIMARY KEY, Note TEXT)"));
        var target = PostgreSqlCluster.Instance.Database("copy_" + Guid.NewGuid().ToString("N")[..12]);

        var (exit, output) = await RunAsync(target);

        Assert.Equal(1, exit);
        Assert.Contains("Stray", output, StringComparison.Ordinal);
        await using var into = Target(target);
        Assert.Empty(await into.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task A_bad_target_gets_a_clear_answer_without_its_password()
    {
        var (exit, output) = await RunAsync($"Host=127.0.0.1;Port=1;Database=nowhere;Password={PgPassword};Timeout=3");

        Assert.Equal(1, exit);
        Assert.Contains("127.0.0.1:1", output, StringComparison.Ordinal);
        Assert.DoesNotContain(PgPassword, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

        var (usage, _) = await RunAsync("not a connection string");
        Assert.Equal(2, usage);
    }

    private static PostgreSqlAppDb Target(string connection) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDb>().UseNpgsql(connection).Options);

    private Task<(int Exit, string Output)> RunAsync(string target) =>
        ServerProcess.RunVerbAsync(new ServerProcess.Settings(_site.Factory.DatabasePath, _site.ContentPath, _certificate), "",
            "copy-database", "--to", target);

    /// <summary>Something in every table: a published web edit, a draft, accounts with roles, a claim and a login, an audit trail, a reader report.</summary>
    private async Task MakeHistoryAsync()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/jd/edit");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Input.Summary"] = "迁移前的网页修改" });
        var draft = await editor.OpenAsync("/editor/guides/qq/edit");
        await editor.SubmitAsync(draft, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Note"] = "a draft" });
        using var reader = _site.Factory.NewReader();
        Reporting.AssertThanked(await reader.SendAsync("jd", "outdated", "迁移测试"), "jd");

        await using var scope = _site.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>();
        var user = (await users.FindByEmailAsync(EditorSite.Editor))!;
        Assert.True((await users.AddClaimAsync(user, new Claim("team", "moving"))).Succeeded);
        Assert.True((await users.AddLoginAsync(user, new UserLoginInfo("test-provider", "key-1", "Test"))).Succeeded);
        Assert.True((await users.SetAuthenticationTokenAsync(user, "test-provider", "token", "value")).Succeeded);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var role = (await roles.FindByNameAsync("Editor"))!;
        Assert.True((await roles.AddClaimAsync(role, new Claim("may", "edit"))).Succeeded);
    }

    private string[] KeyFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(_site.Factory.DataFolder, "keys"), "*.xml")
            .Select(f => $"{Path.GetFileNameWithoutExtension(f)}|{System.Xml.Linq.XElement.Load(f)}").Order(StringComparer.Ordinal)];

    /// <summary>
    /// Each row as one line of its column values, in order: equal lines, equal tables. Times as UTC to the microsecond,
    /// PostgreSQL's precision (SQLite keeps .NET's 100 ns ticks).
    /// </summary>
    private static string[] Rows(IEntityType type, IEnumerable<object> rows) =>
        [.. rows.Select(row => string.Join('|', type.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + (p.PropertyInfo!.GetValue(row) switch
        {
            DateTime d => Microseconds(d),
            DateTimeOffset o => Microseconds(o.UtcDateTime),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture),
        })))).Order(StringComparer.Ordinal)];

    private static string Microseconds(DateTime time) =>
        new DateTime(time.Ticks - time.Ticks % 10, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
