using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Reports;

namespace AccountExit.Tests.Reports;

/// <summary>What stops a bot without a third party: the form's minimum age and the per-client limit on reports.</summary>
public sealed class ReportProtectionTests
{
    [Fact]
    public async Task A_form_sent_faster_than_a_person_could_gets_a_plain_refusal_and_stores_nothing()
    {
        using var site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string> { ["AccountExit:Protection:ReportFormMinSeconds"] = "3600" });
        using var reader = site.NewReader();
        var refused = await reader.SendAsync("wechat", ReportKinds.Outdated, "太快了");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("太快", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        // The reader's words are kept in the form shown again, with a new token.
        Assert.Equal("太快了", refused.Document.QuerySelector("textarea[name='Input.Note']")!.TextContent);
        Assert.Empty(await site.ReportsAsync("wechat"));
    }

    [Fact]
    public async Task Reports_beyond_the_limit_get_429_while_the_guide_and_the_form_still_open()
    {
        using var site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string>
        {
            ["AccountExit:Protection:ReportFormMinSeconds"] = "0",
            ["AccountExit:Protection:ReportsPerWindow"] = "3",
        });
        using var reader = site.NewReader();
        for (var i = 0; i < 3; i++)
        {
            Reporting.AssertThanked(await reader.SendAsync("qq", ReportKinds.Worked, $"第 {i} 次"), "qq");
        }
        var limited = await reader.SendAsync("qq", ReportKinds.Worked, "第 4 次");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.True(limited.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(3, (await site.ReportsAsync("qq")).Count);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/guides/qq/report?kind=worked")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/guides/qq")).StatusCode);
    }

    [Fact]
    public void Report_settings_out_of_range_stop_the_site_with_the_setting_named()
    {
        using var site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string> { ["AccountExit:Protection:ReportsPerWindow"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        Assert.Contains("AccountExit:Protection:ReportsPerWindow", error.ToString(), StringComparison.Ordinal);
    }
}
