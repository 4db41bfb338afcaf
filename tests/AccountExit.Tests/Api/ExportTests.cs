using System.Net;
using System.Text.Json.Nodes;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Api;

/// <summary>Drafts stay in the editor: no draft, new or pending, reaches the export, the API, the feeds or the sitemap.</summary>
public sealed class ExportTests : IDisposable
{
    private const string DraftMarker = "尚未发布的草稿文字";
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Drafts_appear_in_no_open_data()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/new");
        var created = await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Input.Slug"] = "zhihu",
            ["Input.Name"] = "知乎",
            ["Input.NameEn"] = "Zhihu",
            ["Input.Company"] = "字节跳动",
            ["Input.Category"] = "social",
            ["Input.Summary"] = "知乎注销指南（草稿）",
            ["Input.SummaryEn"] = "A draft guide.",
            ["Input.Sources[0].Id"] = "notes", ["Input.Sources[0].Kind"] = "community", ["Input.Sources[0].Publisher"] = "编辑", ["Input.Sources[0].Title"] = "编辑笔记",
            ["Input.Sources[0].Url"] = "https://example.org/notes", ["Input.Sources[0].Published"] = "2026-11", ["Input.Sources[0].Read"] = "2026-11-29",
            ["Input.Preconditions[0].Text"] = "待核实的条件", ["Input.Preconditions[0].Cite"] = "notes",
            ["Body"] = "## 步骤\n\n" + DraftMarker,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var jd = await editor.OpenAsync("/editor/guides/jd/edit");
        var pending = await editor.SubmitAsync(jd, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Input.Summary"] = DraftMarker,
            ["Note"] = DraftMarker,
        });
        Assert.Equal(HttpStatusCode.Redirect, pending.Status);

        using var reader = _site.NewClient();
        foreach (var url in new[] { "/api/v1/export", "/api/v1/guides", "/api/v1/guides/jd", "/feeds/guides.atom", "/guides/jd/feed.atom", "/sitemap.xml" })
        {
            var body = await reader.GetStringAsync(url);
            Assert.DoesNotContain("zhihu", body, StringComparison.Ordinal);
            Assert.DoesNotContain(DraftMarker, body, StringComparison.Ordinal);
        }
        var export = JsonNode.Parse(await reader.GetStringAsync("/api/v1/export"))!;
        Assert.Equal(Repo.GuideSlugs.Order(), export["guides"]!.AsArray().Select(g => (string)g!["slug"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/v1/guides/zhihu")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/guides/zhihu/feed.atom")).StatusCode);
    }
}
