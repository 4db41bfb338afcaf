using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Reports;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Reports;

/// <summary>
/// Readers' reports as evidence: the report form names a claim, an editor accepts or rejects, and only accepted reports
/// show on the (cached) guide page and in the API: confirmations counted and dated, flagged claims until the next publish.
/// </summary>
[Collection("reports")]
public sealed class ReaderEvidenceTests(ReportsSite fixture)
{
    private readonly EditorSite _site = fixture.Editors;

    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Seen(EntityTagHeaderValue? ETag, string? Readers, AngleSharp.Html.Dom.IHtmlDocument Page);

    /// <summary>What an anonymous reader without cookies gets: the output cache serves such a reader.</summary>
    private async Task<Seen> ReadAsync(string url)
    {
        using var reader = _site.Factory.NewReader(cookies: false);
        var response = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return new(response.Headers.ETag, page.QuerySelector("p.readers")?.TextContent, page);
    }

    /// <summary>One sign-in per test: sign-ins are rate-limited.</summary>
    private static async Task JudgeAsync(HttpClient editor, string slug, int id, string? verdict)
    {
        var queue = await editor.OpenAsync($"/editor/reports?guide={slug}");
        var button = verdict is null ? "button:not([name])" : $"button[name=verdict][value={verdict}]";
        var judged = await editor.SubmitAsync(queue, $"li[data-id='{id}'] form.resolve {button}");
        Assert.Equal(HttpStatusCode.Redirect, judged.Status);
    }

    private async Task<JsonElement> ApiEvidenceAsync(string slug)
    {
        using var reader = _site.Factory.NewReader(cookies: false);
        using var json = JsonDocument.Parse(await reader.GetStringAsync($"/api/v1/guides/{slug}"));
        return json.RootElement.GetProperty("evidence").Clone();
    }

    [Fact]
    public async Task Accepted_confirmations_appear_on_the_guide_and_in_the_API_and_rejected_ones_do_not()
    {
        var before = await ReadAsync("/guides/douban");
        Assert.Null(before.Readers);

        using var reader = _site.Factory.NewReader();
        foreach (var note in new[] { "按步骤注销成功", "我也成功了", "广告" })
        {
            Reporting.AssertThanked(await reader.SendAsync("douban", ReportKinds.Worked, note), "douban");
        }
        var ids = (await _site.Factory.ReportsAsync("douban")).Select(r => r.Id).ToList();
        // Open reports are not evidence yet.
        Assert.Null((await ReadAsync("/guides/douban")).Readers);

        using var editor = await _site.SignInAsync(EditorSite.Editor);
        await JudgeAsync(editor, "douban", ids[2], "reject");
        var rejected = await ReadAsync("/guides/douban");
        Assert.Null(rejected.Readers);
        Assert.Equal(before.ETag, rejected.ETag);

        await JudgeAsync(editor, "douban", ids[0], "accept");
        var one = await ReadAsync("/guides/douban");
        Assert.NotNull(one.Readers);
        Assert.Contains("1 位读者", one.Readers, StringComparison.Ordinal);
        Assert.Contains(Today, one.Readers, StringComparison.Ordinal);
        Assert.NotEqual(before.ETag, one.ETag);
        // The reader's note is never shown.
        Assert.DoesNotContain("按步骤注销成功", one.Page.Body!.TextContent, StringComparison.Ordinal);

        await JudgeAsync(editor, "douban", ids[1], "accept");
        var two = await ReadAsync("/guides/douban");
        Assert.Contains("2 位读者", two.Readers, StringComparison.Ordinal);
        Assert.NotEqual(one.ETag, two.ETag);
        Assert.Contains("2 readers", (await ReadAsync("/en/guides/douban")).Readers, StringComparison.Ordinal);

        var api = await ApiEvidenceAsync("douban");
        Assert.Equal(2, api.GetProperty("readerConfirmations").GetInt32());
        Assert.Equal(Today, api.GetProperty("latestReaderConfirmation").GetString());

        var stored = await _site.Factory.ReportsAsync("douban");
        Assert.Equal([true, true, false], stored.Select(r => r.Accepted).ToList());
        var audit = await _site.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Target.Contains("guide/douban")).Select(a => a.Action).ToListAsync());
        Assert.Equal(2, audit.Count(a => a == "accept report"));
        Assert.Equal(1, audit.Count(a => a == "reject report"));

        var history = await editor.OpenAsync("/editor/reports?guide=douban&state=resolved");
        Assert.Contains("Accepted as evidence", history.Document.QuerySelector($"li[data-id='{ids[0]}'] .resolved")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Rejected", history.Document.QuerySelector($"li[data-id='{ids[2]}'] .resolved")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_form_lists_the_guides_claims_by_section_and_stores_the_one_chosen()
    {
        using var reader = _site.Factory.NewReader();
        var form = await reader.OpenAsync("/guides/bilibili/report?kind=outdated&claim=pre-1");
        var select = form.Document.QuerySelector("select[name='Input.Claim']")!;
        var groups = select.QuerySelectorAll("optgroup").Select(g => g.GetAttribute("label")).ToList();
        Assert.Contains("注销条件", groups);
        Assert.Contains("注销入口", groups);
        var guide = await ReadAsync("/guides/bilibili");
        // Every choice is a claim the guide page has an anchor for, and the link's claim is preselected.
        var keys = select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")!).Where(v => v.Length > 0).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.NotNull(guide.Page.GetElementById(k)));
        Assert.Equal("pre-1", select.QuerySelector("option[selected]")!.GetAttribute("value"));
        // Labelled with the claim's own words (shortened).
        var label = select.QuerySelector("option[selected]")!.TextContent.Trim().TrimEnd('…');
        Assert.Contains(label[..Math.Min(8, label.Length)], guide.Page.GetElementById("pre-1")!.TextContent, StringComparison.Ordinal);

        Reporting.AssertThanked(await reader.SubmitAsync(form, Reporting.Send, new Dictionary<string, string> { ["Input.Claim"] = "entry-1" }), "bilibili");
        Assert.Equal("entry-1", Assert.Single(await _site.Factory.ReportsAsync("bilibili")).ClaimKey);

        // A claim the guide does not have (edited meanwhile, or forged) is refused with the form again, nothing stored.
        var again = await reader.OpenAsync("/guides/bilibili/report?kind=wrong");
        Assert.Null(again.Document.QuerySelector("select[name='Input.Claim'] option[selected]"));
        var forged = (IHtmlOptionElement)again.Document.CreateElement("option");
        forged.Value = "pre-999";
        again.Document.QuerySelector("select[name='Input.Claim']")!.AppendChild(forged);
        var refused = await reader.SubmitAsync(again, Reporting.Send, new Dictionary<string, string> { ["Input.Claim"] = "pre-999", ["Input.Note"] = "不存在的一条" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("已经不在了", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(await _site.Factory.ReportsAsync("bilibili"));

        // "It worked" is about the whole guide: a claim sent with it is not kept.
        var worked = await reader.OpenAsync("/guides/bilibili/report?kind=worked");
        Reporting.AssertThanked(await reader.SubmitAsync(worked, Reporting.Send, new Dictionary<string, string> { ["Input.Claim"] = "pre-1" }), "bilibili");
        Assert.Null((await _site.Factory.ReportsAsync("bilibili"))[^1].ClaimKey);

        var english = await reader.OpenAsync("/en/guides/bilibili/report?kind=wrong");
        Assert.Contains("Conditions", english.Document.QuerySelectorAll("optgroup").Select(g => g.GetAttribute("label")));
    }

    [Fact]
    public async Task An_accepted_outdated_report_flags_the_claim_it_names_until_the_guide_is_published_again()
    {
        using var reader = _site.Factory.NewReader();
        var form = await reader.OpenAsync("/guides/kuaishou/report?kind=outdated&claim=pre-1");
        Reporting.AssertThanked(await reader.SubmitAsync(form, Reporting.Send, new Dictionary<string, string> { ["Input.Note"] = "这一条变了" }), "kuaishou");
        var wrong = await reader.OpenAsync("/guides/kuaishou/report?kind=wrong&claim=entry-1");
        Reporting.AssertThanked(await reader.SubmitAsync(wrong, Reporting.Send), "kuaishou");
        var reports = await _site.Factory.ReportsAsync("kuaishou");
        Assert.Equal(["pre-1", "entry-1"], reports.Select(r => r.ClaimKey).ToList());

        // The editor sees which claim each report names, in the claim's words.
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var queue = await editor.OpenAsync("/editor/reports?guide=kuaishou");
        var named = queue.Document.QuerySelector($"li[data-id='{reports[0].Id}'] .report-claim")!;
        Assert.Equal("/guides/kuaishou#pre-1", named.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("注销条件", named.TextContent, StringComparison.Ordinal);

        var before = await ReadAsync("/guides/kuaishou");
        Assert.Empty(before.Page.QuerySelectorAll(".reader-flag"));
        await JudgeAsync(editor, "kuaishou", reports[0].Id, "accept");
        await JudgeAsync(editor, "kuaishou", reports[1].Id, "reject");

        var flagged = await ReadAsync("/guides/kuaishou");
        var flag = Assert.Single(flagged.Page.QuerySelectorAll(".reader-flag"));
        Assert.Equal("pre-1", flag.Closest("[id]")!.Id);
        Assert.Contains("已过时", flag.TextContent, StringComparison.Ordinal);
        Assert.Contains(Today, flag.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(before.ETag, flagged.ETag);
        Assert.Null(flagged.Page.GetElementById("entry-1")!.QuerySelector(".reader-flag"));
        var claims = (await ApiEvidenceAsync("kuaishou")).GetProperty("claims").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!, c => c.GetProperty("readerFlag"));
        Assert.Equal("outdated", claims["pre-1"].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, claims["entry-1"].ValueKind);

        // The editor corrects the guide and publishes it: the flag has been answered and goes.
        await _site.PublishAsync("kuaishou", "按读者报告更新", new Dictionary<string, string> { ["Input.Summary"] = "快手注销指南（已按读者报告核对）" });
        var published = await ReadAsync("/guides/kuaishou");
        Assert.Empty(published.Page.QuerySelectorAll(".reader-flag"));
        Assert.Equal(JsonValueKind.Null, (await ApiEvidenceAsync("kuaishou")).GetProperty("claims")[0].GetProperty("readerFlag").ValueKind);
    }

    [Fact]
    public async Task Guide_requests_cannot_be_accepted_as_evidence()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var id = await _site.WithDbAsync(async db =>
        {
            var request = new AccountExit.Web.Data.ReaderReport { GuideSlug = "某平台", Kind = ReportKinds.Request, Note = "", FormId = Guid.NewGuid().ToString("N") };
            db.ReaderReports.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
        var queue = await editor.OpenAsync("/editor/reports?kind=request");
        Assert.Empty(queue.Document.QuerySelectorAll($"li[data-id='{id}'] button[name=verdict]"));
        // A forged verdict (a hand-made request) is refused.
        var verdict = (IHtmlInputElement)queue.Document.CreateElement("input");
        verdict.Type = "hidden";
        verdict.Name = "verdict";
        verdict.Value = "accept";
        queue.Document.QuerySelector($"li[data-id='{id}'] form.resolve")!.AppendChild(verdict);
        var refused = await editor.SubmitAsync(queue, $"li[data-id='{id}'] form.resolve button");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Null(await _site.WithDbAsync(db => db.ReaderReports.Where(r => r.Id == id).Select(r => r.Accepted).SingleAsync()));
    }
}
