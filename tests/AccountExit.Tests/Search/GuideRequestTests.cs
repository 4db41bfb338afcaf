using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Tests.Reports;
using AccountExit.Web.Reports;

namespace AccountExit.Tests.Search;

/// <summary>
/// A search for a platform no guide covers says so and lets the reader ask for a guide; the editors' queue counts the
/// requests per platform (issue 16).
/// </summary>
[Collection("reports")]
public sealed class GuideRequestTests(ReportsSite fixture)
{
    private readonly EditorSite _site = fixture.Editors;

    private static async Task<Forms.Page> AskFromSearchAsync(HttpClient reader, string query, string note)
    {
        var search = await reader.OpenAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, search.Status);
        var link = search.Document.QuerySelector(".not-covered a.request-guide");
        Assert.NotNull(link);
        var form = await reader.OpenAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        return await reader.SubmitAsync(form, Reporting.Send, new Dictionary<string, string> { ["Input.Note"] = note });
    }

    [Fact]
    public async Task Searching_a_platform_without_a_guide_says_so_and_shows_the_closest_guides()
    {
        using var reader = _site.Factory.NewReader();
        var page = await reader.OpenAsync("/search?q=" + Uri.EscapeDataString("知乎怎么注销"));
        Assert.Contains("还没有知乎的指南", page.Document.QuerySelector(".not-covered")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.Document.QuerySelectorAll(".cards.results li"));

        var english = await reader.OpenAsync("/en/search?q=" + Uri.EscapeDataString("how to delete zhihu"));
        Assert.Contains("There is no guide for 知乎 yet", english.Document.QuerySelector(".not-covered")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_are_stored_and_counted_per_platform_in_the_editors_queue()
    {
        using (var first = _site.Factory.NewReader())
        {
            var sent = await AskFromSearchAsync(first, "知乎怎么注销", "找不到注销入口");
            Assert.Equal(HttpStatusCode.Redirect, sent.Status);
            var thanks = await first.OpenAsync(sent.Response.Headers.Location!.OriginalString);
            Assert.Contains("谢谢你的请求", thanks.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        }
        using (var second = _site.Factory.NewReader())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AskFromSearchAsync(second, "how to delete zhihu account", "")).Status);
        }

        var stored = await _site.Factory.ReportsAsync("知乎");
        Assert.Equal(2, stored.Count);
        Assert.All(stored, r => Assert.Equal(ReportKinds.Request, r.Kind));
        Assert.Contains(stored, r => r.Note == "找不到注销入口");

        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var queue = await editor.OpenAsync("/editor/reports");
        var row = queue.Document.QuerySelector(".report-counts tr[data-guide='知乎']");
        Assert.NotNull(row);
        Assert.Equal("2 / 2", row.QuerySelector("td[data-kind='request']")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("/search/request")]
    [InlineData("/search/request?platform=%20%20")]
    [InlineData("/search/request?platform=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_request_without_a_sensible_platform_name_is_a_400(string url)
    {
        using var reader = _site.Factory.NewReader();
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_guide_page_does_not_offer_the_request_kind()
    {
        using var reader = _site.Factory.NewReader();
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/guides/taobao/report?kind=request")).StatusCode);
    }
}
