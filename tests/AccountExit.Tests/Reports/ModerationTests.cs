using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Reports;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Reports;

/// <summary>The editors' queue: counts per guide, newest first, filters, resolving with who and when, the history, and who may see it.</summary>
[Collection("reports")]
public sealed class ModerationTests(ReportsSite fixture)
{
    private readonly EditorSite _site = fixture.Editors;

    [Fact]
    public async Task The_queue_shows_counts_per_guide_and_open_reports_newest_first()
    {
        using var reader = _site.Factory.NewReader();
        foreach (var (kind, note) in new[] { (ReportKinds.Worked, "第一条"), (ReportKinds.Wrong, "第二条"), (ReportKinds.Worked, "第三条") })
        {
            Reporting.AssertThanked(await reader.SendAsync("taobao", kind, note), "taobao");
        }
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var queue = await editor.OpenAsync("/editor/reports");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        var counts = queue.Document.QuerySelector(".report-counts tr[data-guide='taobao']")!;
        Assert.Equal("2 / 2", counts.QuerySelector("td[data-kind='worked']")!.TextContent.Trim());
        Assert.Equal("1 / 1", counts.QuerySelector("td[data-kind='wrong']")!.TextContent.Trim());
        Assert.Equal("0 / 0", counts.QuerySelector("td[data-kind='outdated']")!.TextContent.Trim());

        var forGuide = await editor.OpenAsync("/editor/reports?guide=taobao");
        Assert.Equal(["第三条", "第二条", "第一条"], forGuide.Document.QuerySelectorAll(".report-note").Select(n => n.TextContent).ToList());
        var worked = await editor.OpenAsync("/editor/reports?guide=taobao&kind=worked");
        Assert.Equal(["第三条", "第一条"], worked.Document.QuerySelectorAll(".report-note").Select(n => n.TextContent).ToList());
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync("/editor/reports?kind=spam")).StatusCode);
    }

    [Fact]
    public async Task Resolving_records_who_and_when_writes_the_audit_log_and_moves_the_report_to_the_history()
    {
        using var reader = _site.Factory.NewReader();
        Reporting.AssertThanked(await reader.SendAsync("qq", ReportKinds.Wrong, "冻结期写错了"), "qq");
        var id = Assert.Single(await _site.Factory.ReportsAsync("qq")).Id;

        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var queue = await editor.OpenAsync("/editor/reports?guide=qq");
        var before = DateTime.UtcNow;
        var resolved = await editor.SubmitAsync(queue, $"li[data-id='{id}'] form.resolve button:not([name])", new Dictionary<string, string> { ["resolution"] = "已在 r2 更正" });
        Assert.Equal(HttpStatusCode.Redirect, resolved.Status);

        var report = Assert.Single(await _site.Factory.ReportsAsync("qq"));
        Assert.Equal(EditorSite.Editor, report.ResolvedBy);
        Assert.InRange(report.ResolvedAtUtc!.Value, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("已在 r2 更正", report.ResolutionNote);
        var audit = await _site.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == "resolve report" && a.Target.StartsWith($"report/{id} ")).ToListAsync());
        Assert.Equal(EditorSite.Editor, Assert.Single(audit).Actor);
        Assert.Contains("guide/qq", audit[0].Target, StringComparison.Ordinal);

        var after = await editor.OpenAsync(resolved.Response.Headers.Location!.OriginalString);
        Assert.Contains($"#{id}", after.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(after.Document.QuerySelectorAll($"li[data-id='{id}']"));
        var history = await editor.OpenAsync("/editor/reports?guide=qq&state=resolved");
        var item = history.Document.QuerySelector($"li[data-id='{id}']")!;
        Assert.Contains(EditorSite.Editor, item.QuerySelector(".resolved")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("已在 r2 更正", item.QuerySelector(".resolution-note")!.TextContent);
        Assert.Null(item.QuerySelector("form"));
        Assert.Equal("0 / 1", history.Document.QuerySelector(".report-counts tr[data-guide='qq'] td[data-kind='wrong']")!.TextContent.Trim());

        // Resolving it again (a second tab) changes nothing and says who did it.
        var again = await editor.SubmitAsync(queue, $"li[data-id='{id}'] form.resolve button:not([name])", new Dictionary<string, string> { ["resolution"] = "again" });
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal("已在 r2 更正", Assert.Single(await _site.Factory.ReportsAsync("qq")).ResolutionNote);
    }

    [Fact]
    public async Task Resolve_all_closes_every_open_report_of_the_filtered_guide()
    {
        using var reader = _site.Factory.NewReader();
        Reporting.AssertThanked(await reader.SendAsync("alipay", ReportKinds.Wrong, "一"), "alipay");
        Reporting.AssertThanked(await reader.SendAsync("alipay", ReportKinds.Wrong, "二"), "alipay");
        Reporting.AssertThanked(await reader.SendAsync("alipay", ReportKinds.Worked), "alipay");
        using var editor = await _site.SignInAsync(EditorSite.Editor2);
        var queue = await editor.OpenAsync("/editor/reports?guide=alipay&kind=wrong");
        var done = await editor.SubmitAsync(queue, "form.resolve-all button", new Dictionary<string, string> { ["resolution"] = "指南已更新" });
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        var reports = await _site.Factory.ReportsAsync("alipay");
        Assert.All(reports.Where(r => r.Kind == ReportKinds.Wrong), r => Assert.Equal(EditorSite.Editor2, r.ResolvedBy));
        Assert.True(Assert.Single(reports, r => r.Kind == ReportKinds.Worked).IsOpen);
    }

    [Fact]
    public async Task A_note_with_markup_is_shown_to_editors_as_text()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>";
        using var reader = _site.Factory.NewReader();
        Reporting.AssertThanked(await reader.SendAsync("netease", ReportKinds.Wrong, hostile), "netease");
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var queue = await editor.OpenAsync("/editor/reports?guide=netease");
        var note = queue.Document.QuerySelector(".report-note")!;
        Assert.Equal(hostile, note.TextContent);
        Assert.Empty(note.Children);
        Assert.DoesNotContain("<script>alert(1)", queue.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_home_and_menu_lead_to_the_queue_with_the_open_count()
    {
        using var reader = _site.Factory.NewReader();
        Reporting.AssertThanked(await reader.SendAsync("baidu", ReportKinds.Worked), "baidu");
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var home = await editor.OpenAsync("/editor");
        var open = await _site.WithDbAsync(db => db.ReaderReports.CountAsync(r => r.ResolvedAtUtc == null));
        Assert.True(open > 0);
        Assert.Equal(open.ToString(System.Globalization.CultureInfo.InvariantCulture), home.Document.QuerySelector(".open-reports strong")!.TextContent);
        Assert.NotNull(home.Document.QuerySelector(".editor-nav a[href='/editor/reports']"));
    }

    [Fact]
    public async Task Only_editors_see_or_resolve_reports()
    {
        using var reader = _site.Factory.NewReader();
        Reporting.AssertThanked(await reader.SendAsync("baidu", ReportKinds.Wrong, "只给编辑看"), "baidu");
        var id = (await _site.Factory.ReportsAsync("baidu")).Single(r => r.Note == "只给编辑看").Id;

        using var anonymous = _site.NewClient();
        var page = await anonymous.GetAsync("/editor/reports");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/editor/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var post = await PostResolveAsync(anonymous, id);
        Assert.Contains("/editor/login", post.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        using var noRole = await _site.SignInAsync(EditorSite.NoRole);
        var denied = await noRole.GetAsync("/editor/reports");
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden || denied.Headers.Location?.OriginalString.Contains("/editor/denied", StringComparison.Ordinal) == true);
        Assert.DoesNotContain("只给编辑看", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var deniedPost = await PostResolveAsync(noRole, id);
        Assert.True(deniedPost.StatusCode == HttpStatusCode.Forbidden || deniedPost.Headers.Location?.OriginalString.Contains("/editor/denied", StringComparison.Ordinal) == true);

        Assert.True((await _site.Factory.ReportsAsync("baidu")).Single(r => r.Id == id).IsOpen);
    }

    /// <summary>A resolve with a valid antiforgery token for this client (taken from the sign-in form).</summary>
    private static async Task<HttpResponseMessage> PostResolveAsync(HttpClient client, int id)
    {
        var login = await client.OpenAsync("/editor/login");
        var token = login.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync("/editor/reports?handler=resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resolution"] = "intruder",
        }));
    }
}
