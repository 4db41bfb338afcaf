using System.Net;
using System.Text.RegularExpressions;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Reports;

/// <summary>Sending reports the way a reader does (open the guide's report link, fill the real form, send it), and reading what was stored.</summary>
public static partial class Reporting
{
    /// <summary>No minimum form age (a test sends at once) and limits no test reaches.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoWait = new Dictionary<string, string>
    {
        ["AccountExit:Protection:ReportFormMinSeconds"] = "0",
        ["AccountExit:Protection:ReportsPerWindow"] = "1000",
        ["AccountExit:Protection:AnonymousPostsPerMinute"] = "1000",
        // The moderation tests sign an editor in once each: more than ten a minute in all.
        ["AccountExit:Protection:LoginPerMinute"] = "100",
    };

    public const string Send = "form.report-form button[type=submit]";

    /// <summary>A reader over HTTPS, as deployed; without cookies it is an anonymous reader the output cache serves.</summary>
    public static HttpClient NewReader(this WebApplicationFactory<Program> factory, bool cookies = true) => factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = cookies,
    });

    public static async Task<Forms.Page> SendAsync(this HttpClient reader, string slug, string kind, string note = "", IDictionary<string, string>? also = null)
    {
        var form = await reader.OpenAsync($"/guides/{slug}/report?kind={kind}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var values = new Dictionary<string, string>(also ?? new Dictionary<string, string>()) { ["Input.Note"] = note };
        return await reader.SubmitAsync(form, Send, values);
    }

    public static void AssertThanked(Forms.Page sent, string slug)
    {
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        Assert.Equal($"/guides/{slug}/report/sent", sent.Response.Headers.Location?.OriginalString);
    }

    public static async Task<List<ReaderReport>> ReportsAsync(this WebApplicationFactory<Program> factory, string slug)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().ReaderReports.AsNoTracking()
            .Where(r => r.GuideSlug == slug).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Chinese characters anywhere except in elements marked as Chinese content (<c>lang="zh-Hans"</c>).</summary>
    public static string ChineseInterfaceText(IDocument page)
    {
        foreach (var chinese in page.QuerySelectorAll("[lang='zh-Hans']").Where(e => e != page.DocumentElement).ToList())
        {
            chinese.Remove();
        }
        return string.Concat(Han().Matches(page.Body!.TextContent + page.Title).Select(m => m.Value));
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex Han();
}
