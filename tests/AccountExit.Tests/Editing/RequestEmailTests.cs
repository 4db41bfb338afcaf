using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Cli;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Editing;

/// <summary>A guide's request address, end to end: the edit form, its check, the public letter, the exported file.</summary>
public sealed class RequestEmailTests : IDisposable
{
    private readonly EditorSite _site = new();
    private readonly Repo.TempFolder _out = new();

    public void Dispose()
    {
        _site.Dispose();
        _out.Dispose();
    }

    [Fact]
    public async Task An_address_saved_in_the_editor_gives_the_letter_a_mailto_link_and_is_exported()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();
        var (_, before) = await reader.GetPageAsync("/guides/weibo/letter");
        Assert.Empty(before.QuerySelectorAll("a[href^='mailto:']"));

        var form = await editor.OpenAsync("/editor/guides/weibo/edit");
        var saved = await editor.SubmitAsync(form, "button[formaction$='publish=true']",
            new Dictionary<string, string> { ["Input.RequestEmail"] = " privacy@example.test " });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var (_, after) = await reader.GetPageAsync("/guides/weibo/letter?reason=withdrawn-consent");
        var href = after.QuerySelector("#letter-mailto")!.GetAttribute("href")!;
        Assert.StartsWith("mailto:privacy@example.test?subject=", href, StringComparison.Ordinal);
        var body = Uri.UnescapeDataString(href[(href.IndexOf("&body=", StringComparison.Ordinal) + 6)..]);
        Assert.StartsWith("注销账号及删除个人信息申请\r\n\r\n新浪（“微博”运营方）：", body, StringComparison.Ordinal);
        Assert.Contains("账号标识为：［账号标识］", body, StringComparison.Ordinal);
        Assert.Contains("本人撤回此前", body, StringComparison.Ordinal);
        Assert.DoesNotContain("本人已决定不再使用该账号", body, StringComparison.Ordinal);

        // The open-data export carries it and still validates against its published schema.
        var export = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/export")).RootElement;
        var weibo = export.GetProperty("guides").EnumerateArray().Single(g => g.GetProperty("frontMatter").GetProperty("slug").GetString() == "weibo");
        Assert.Equal("privacy@example.test", weibo.GetProperty("frontMatter").GetProperty("requestEmail").GetString());
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "src", "AccountExit.Web", "Api", "V1", "export.schema.json")))!;
        Assert.Empty(JsonSchemas.Problems(schema, export));

        await _site.WithDbAsync(db => ExportContent.ExportAsync(db, _out.Path, CancellationToken.None));
        Assert.Contains("\nrequest_email: privacy@example.test\n", File.ReadAllText(Path.Combine(_out.Path, "guides", "weibo.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_is_not_plain_is_refused_with_the_problem_named()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var before = await _site.WithDbAsync(db => db.Revisions.CountAsync());
        var form = await editor.OpenAsync("/editor/guides/weibo/edit");
        var refused = await editor.SubmitAsync(form, "button[formaction$='handler=save']",
            new Dictionary<string, string> { ["Input.RequestEmail"] = "Weibo <privacy@example.test>" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("'Weibo <privacy@example.test>' is not an email address", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await _site.WithDbAsync(db => db.Revisions.CountAsync()));
    }
}
