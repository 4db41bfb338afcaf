using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Reports;

namespace AccountExit.Tests.Reports;

/// <summary>A reader reports on a guide through the real form: what is stored, what is refused and why, in both languages.</summary>
public sealed class ReportFormTests(ReportFormTests.Site site) : IClassFixture<ReportFormTests.Site>
{
    public sealed class Site : IDisposable
    {
        public SiteFactory Factory { get; } = new(Repo.Content, settings: Reporting.NoWait);

        public void Dispose() => Factory.Dispose();
    }

    private readonly SiteFactory _site = site.Factory;

    [Theory]
    [InlineData(ReportKinds.Worked, "jd")]
    [InlineData(ReportKinds.Outdated, "baidu")]
    [InlineData(ReportKinds.Wrong, "netease")]
    public async Task Each_kind_sent_from_the_guide_page_through_the_real_form_is_stored_and_thanked(string kind, string slug)
    {
        using var reader = _site.NewReader();
        var guide = await reader.OpenAsync($"/guides/{slug}");
        var link = guide.Document.QuerySelector($".report-links a[href='/guides/{slug}/report?kind={kind}']");
        Assert.NotNull(link);

        var form = await reader.OpenAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(kind, form.Document.QuerySelector("input[name='Input.Kind'][checked]")?.GetAttribute("value"));
        var before = DateTime.UtcNow;
        var sent = await reader.SubmitAsync(form, Reporting.Send, new Dictionary<string, string> { ["Input.Note"] = $"  第二步的按钮改名了 ({kind})\r\n谢谢  " });
        Reporting.AssertThanked(sent, slug);

        var thanks = await reader.OpenAsync(sent.Response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, thanks.Status);
        Assert.NotNull(thanks.Document.QuerySelector($"a[href='/guides/{slug}']"));

        var report = Assert.Single(await _site.ReportsAsync(slug), r => r.Kind == kind);
        Assert.Equal($"第二步的按钮改名了 ({kind})\n谢谢", report.Note);
        Assert.InRange(report.CreatedAtUtc, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.True(report.IsOpen);
        Assert.Null(report.ResolvedBy);
    }

    [Fact]
    public async Task The_english_form_and_thank_you_page_have_no_chinese_interface_text()
    {
        using var reader = _site.NewReader();
        var form = await reader.OpenAsync("/en/guides/alipay/report?kind=wrong");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("en", form.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("This is wrong", form.Document.QuerySelector("input[checked]")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains(form.Document.QuerySelectorAll("select[name='Input.Claim'] option[lang=en]"), o => o.TextContent.Length > 0);
        Assert.Equal("", InterfaceText(form.Document));

        var sent = await reader.SubmitAsync(form, Reporting.Send);
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        Assert.Equal("/en/guides/alipay/report/sent", sent.Response.Headers.Location?.OriginalString);
        var thanks = await reader.OpenAsync("/en/guides/alipay/report/sent");
        Assert.Contains("Thank you", thanks.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("", Reporting.ChineseInterfaceText(thanks.Document));

        var refused = await reader.SubmitAsync(await reader.OpenAsync("/en/guides/alipay/report?kind=wrong"), Reporting.Send,
            new Dictionary<string, string> { ["Input.Token"] = "forged" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Please send it again", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("", InterfaceText(refused.Document));
    }

    /// <summary>
    /// The Chinese interface text of a report form, without its claim choices: they are the guide's own words (an
    /// English fact may quote a Chinese button name), content rather than interface.
    /// </summary>
    private static string InterfaceText(AngleSharp.Dom.IDocument page)
    {
        foreach (var option in page.QuerySelectorAll("select[name='Input.Claim'] option").Skip(1).ToList())
        {
            option.Remove();
        }
        return Reporting.ChineseInterfaceText(page);
    }

    [Fact]
    public async Task An_unknown_guide_is_404_and_an_unknown_kind_400_and_nothing_is_stored()
    {
        using var reader = _site.NewReader();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/guides/no-such-guide/report?kind=worked")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/en/guides/no-such-guide/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/guides/no-such-guide/report/sent")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/guides/wechat/report?kind=spam")).StatusCode);

        var before = (await _site.ReportsAsync("wechat")).Count;
        var form = await reader.OpenAsync("/guides/wechat/report?kind=worked");
        var refused = await reader.SubmitAsync(form, Reporting.Send, new Dictionary<string, string> { ["Input.Kind"] = "<script>" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(before, (await _site.ReportsAsync("wechat")).Count);
    }

    [Fact]
    public async Task Without_a_kind_the_form_asks_for_one_and_stores_nothing()
    {
        using var reader = _site.NewReader();
        var before = (await _site.ReportsAsync("wechat")).Count;
        var form = await reader.OpenAsync("/guides/wechat/report");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Empty(form.Document.QuerySelectorAll("input[name='Input.Kind'][checked]"));
        var refused = await reader.SubmitAsync(form, Reporting.Send, new Dictionary<string, string> { ["Input.Note"] = "没选类型" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("请选择一项", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("没选类型", refused.Document.QuerySelector("textarea[name='Input.Note']")!.TextContent);
        Assert.Equal(before, (await _site.ReportsAsync("wechat")).Count);
    }

    [Fact]
    public async Task A_filled_trap_field_gets_a_plain_refusal_and_stores_nothing()
    {
        using var reader = _site.NewReader();
        var refused = await reader.SendAsync("qq", ReportKinds.Wrong, "buy cheap followers", new Dictionary<string, string> { ["Input.Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("自动程序", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("", refused.Document.QuerySelector("input[name='Input.Website']")!.GetAttribute("value"));
        Assert.Empty(await _site.ReportsAsync("qq"));
    }

    [Fact]
    public async Task A_forged_or_missing_form_token_stores_nothing()
    {
        using var reader = _site.NewReader();
        foreach (var token in new[] { "forged", "", "not base64!", new string('A', 5000) })
        {
            var refused = await reader.SendAsync("weibo", ReportKinds.Outdated, also: new Dictionary<string, string> { ["Input.Token"] = token });
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.NotNull(refused.Document.QuerySelector("[role=alert]"));
        }
        // A token issued for another guide's form does not verify either.
        var other = await reader.OpenAsync("/guides/taobao/report?kind=outdated");
        var token2 = other.Document.QuerySelector("input[name='Input.Token']")!.GetAttribute("value")!;
        var crossed = await reader.SendAsync("weibo", ReportKinds.Outdated, also: new Dictionary<string, string> { ["Input.Token"] = token2 });
        Assert.Equal(HttpStatusCode.BadRequest, crossed.Status);
        Assert.Empty(await _site.ReportsAsync("weibo"));
    }

    [Fact]
    public async Task A_note_over_1000_characters_is_refused_and_one_of_1000_is_kept_whole()
    {
        using var reader = _site.NewReader();
        var refused = await reader.SendAsync("taobao", ReportKinds.Wrong, new string('长', 1001));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("1000", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await _site.ReportsAsync("taobao"));

        // A browser counts a line break as one character and sends two (CRLF): the limit counts what the reader typed.
        var typed = string.Join("\r\n", Enumerable.Repeat(new string('字', 99), 10));
        Reporting.AssertThanked(await reader.SendAsync("taobao", ReportKinds.Wrong, typed), "taobao");
        Assert.Equal(typed.ReplaceLineEndings("\n"), Assert.Single(await _site.ReportsAsync("taobao")).Note);
    }

    [Fact]
    public async Task A_form_sent_twice_or_the_same_open_note_again_makes_one_report()
    {
        using var reader = _site.NewReader();
        var form = await reader.OpenAsync("/guides/wechat/report?kind=outdated");
        var values = new Dictionary<string, string> { ["Input.Note"] = "设置里找不到注销入口了" };
        Reporting.AssertThanked(await reader.SubmitAsync(form, Reporting.Send, values), "wechat");
        Reporting.AssertThanked(await reader.SubmitAsync(form, Reporting.Send, values), "wechat");
        Reporting.AssertThanked(await reader.SendAsync("wechat", ReportKinds.Outdated, "设置里找不到注销入口了"), "wechat");
        Assert.Single(await _site.ReportsAsync("wechat"), r => r.Kind == ReportKinds.Outdated);

        // Another reader saying the same thing without a note still counts.
        Reporting.AssertThanked(await reader.SendAsync("wechat", ReportKinds.Outdated), "wechat");
        Reporting.AssertThanked(await reader.SendAsync("wechat", ReportKinds.Outdated), "wechat");
        Assert.Equal(3, (await _site.ReportsAsync("wechat")).Count(r => r.Kind == ReportKinds.Outdated));
    }

    [Fact]
    public async Task The_form_is_never_cached_and_the_guide_page_stays_cacheable()
    {
        using var reader = _site.NewReader(cookies: false);
        var form = await reader.GetAsync("/guides/jd/report?kind=worked");
        Assert.True(form.Headers.CacheControl?.NoStore);
        Assert.Null(form.Headers.ETag);
        var guide = await reader.GetAsync("/guides/jd");
        Assert.True(guide.Headers.CacheControl?.Public);
        Assert.NotNull(guide.Headers.ETag);
    }
}
