using System.Net;
using System.Net.Http.Headers;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Reports;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Reports;

/// <summary>
/// Readers see an open "outdated" report on the guide page, although the page is output-cached and revalidated with
/// an ETag: the first such report and the resolution of the last one evict the page and change its validator.
/// </summary>
[Collection("reports")]
public sealed class OutdatedNoticeTests(ReportsSite fixture)
{
    private readonly EditorSite _site = fixture.Editors;

    private sealed record Seen(HttpStatusCode Status, EntityTagHeaderValue? ETag, string? Notice);

    /// <summary>What an anonymous reader without cookies gets: the output cache serves such a reader.</summary>
    private async Task<Seen> ReadAsync(string url, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var reader = _site.Factory.NewReader(cookies: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }
        var response = await reader.SendAsync(request);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return new(response.StatusCode, response.Headers.ETag, page.QuerySelector(".reader-notice")?.TextContent);
    }

    [Fact]
    public async Task The_first_outdated_report_shows_at_once_with_a_new_ETag_and_resolving_the_last_one_removes_it()
    {
        var fresh = await ReadAsync("/guides/weibo");
        Assert.Null(fresh.Notice);
        Assert.Equal(HttpStatusCode.NotModified, (await ReadAsync("/guides/weibo", fresh.ETag)).Status);
        await ReadAsync("/en/guides/weibo");

        using var reporter = _site.Factory.NewReader();
        Reporting.AssertThanked(await reporter.SendAsync("weibo", ReportKinds.Outdated, "入口改了"), "weibo");

        var reported = await ReadAsync("/guides/weibo");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(reported.Notice);
        Assert.Contains("已过时", reported.Notice, StringComparison.Ordinal);
        Assert.Contains(today, reported.Notice, StringComparison.Ordinal);
        Assert.NotEqual(fresh.ETag, reported.ETag);
        // A browser revalidating its old copy gets the new page, not a 304.
        var revalidated = await ReadAsync("/guides/weibo", fresh.ETag);
        Assert.Equal(HttpStatusCode.OK, revalidated.Status);
        Assert.NotNull(revalidated.Notice);
        var english = await ReadAsync("/en/guides/weibo");
        Assert.Contains("out of date", english.Notice, StringComparison.Ordinal);
        Assert.Contains(today, english.Notice, StringComparison.Ordinal);

        // A second one on the same day changes nothing readers see.
        Reporting.AssertThanked(await reporter.SendAsync("weibo", ReportKinds.Outdated, "第二位读者"), "weibo");
        Assert.Equal(reported.ETag, (await ReadAsync("/guides/weibo")).ETag);

        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var queue = await editor.OpenAsync("/editor/reports?guide=weibo&kind=outdated");
        var ids = queue.Document.QuerySelectorAll("li.report").Select(li => li.GetAttribute("data-id")).ToList();
        Assert.Equal(2, ids.Count);
        await editor.SubmitAsync(queue, $"li[data-id='{ids[0]}'] form.resolve button:not([name])");
        Assert.NotNull((await ReadAsync("/guides/weibo")).Notice);

        queue = await editor.OpenAsync("/editor/reports?guide=weibo&kind=outdated");
        await editor.SubmitAsync(queue, $"li[data-id='{ids[1]}'] form.resolve button:not([name])", new Dictionary<string, string> { ["resolution"] = "已核对，入口没变" });
        var resolved = await ReadAsync("/guides/weibo");
        Assert.Null(resolved.Notice);
        Assert.NotEqual(reported.ETag, resolved.ETag);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync("/guides/weibo", reported.ETag)).Status);
        Assert.Null((await ReadAsync("/en/guides/weibo")).Notice);
    }

    [Fact]
    public async Task Worked_and_wrong_reports_change_nothing_readers_see()
    {
        var before = await ReadAsync("/guides/jd");
        using var reporter = _site.Factory.NewReader();
        Reporting.AssertThanked(await reporter.SendAsync("jd", ReportKinds.Worked), "jd");
        Reporting.AssertThanked(await reporter.SendAsync("jd", ReportKinds.Wrong, "第三步不对"), "jd");
        var after = await ReadAsync("/guides/jd");
        Assert.Null(after.Notice);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await ReadAsync("/guides/jd", before.ETag)).Status);
    }
}
