using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Editing;

public sealed class EditWorkflowTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Edit_preview_save_draft_then_publish_shows_on_the_public_page()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();

        var form = await editor.OpenAsync("/editor/guides/jd/edit");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var step = form.Document.QuerySelector("textarea[name='StepsText[0]']")!.TextContent;
        Assert.Contains("注销京东账号服务", step, StringComparison.Ordinal);

        var edits = new Dictionary<string, string>
        {
            ["StepsText[0]"] = "我的\n设置\n账户与安全\n注销账户",
            ["Body"] = "## 新步骤\n\n入口已移到设置页。\n",
            ["Note"] = "京东把注销入口移到了设置",
        };
        var preview = await editor.SubmitAsync(form, "button[formaction$='handler=preview']", edits);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("入口已移到设置页", preview.Document.QuerySelector(".preview .body")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("账户与安全", preview.Document.QuerySelector(".preview .steps")!.TextContent, StringComparison.Ordinal);

        var draft = await editor.SubmitAsync(preview, "button[formaction$='handler=save']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, draft.Status);
        var publicPage = await reader.GetStringAsync("/guides/jd");
        Assert.DoesNotContain("入口已移到设置页", publicPage, StringComparison.Ordinal);

        var edit = await editor.OpenAsync("/editor/guides/jd/edit");
        Assert.Contains("draft pending", edit.Html, StringComparison.Ordinal);
        var published = await editor.SubmitAsync(edit, "form[action*='handler=publish'] button");
        Assert.Equal(HttpStatusCode.Redirect, published.Status);

        publicPage = await reader.GetStringAsync("/guides/jd");
        Assert.Contains("入口已移到设置页", publicPage, StringComparison.Ordinal);
        Assert.Contains("账户与安全", publicPage, StringComparison.Ordinal);
        var history = await reader.GetStringAsync("/guides/jd/history");
        Assert.Contains("京东把注销入口移到了设置", history, StringComparison.Ordinal);
        var api = await reader.GetStringAsync("/api/guides/jd");
        Assert.Contains("账户与安全", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_and_publish_in_one_step_and_the_home_page_and_search_follow()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();
        var form = await editor.OpenAsync("/editor/guides/qq/edit");
        var saved = await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string>
        {
            ["Input.Summary"] = "QQ 号仍不能注销（编辑更新）",
            ["AliasesText"] = "qq号\nqiekezhanghao",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains("QQ 号仍不能注销（编辑更新）", await reader.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("/guides/qq", await reader.GetStringAsync("/api/search?q=qiekezhanghao"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_the_problem_named_and_nothing_saved()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var before = await _site.WithDbAsync(db => db.Revisions.CountAsync());
        var form = await editor.OpenAsync("/editor/guides/qq/edit");
        var refused = await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.LastVerified"] = "yesterday",
        });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var problems = refused.Document.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("missing required field 'name'", problems, StringComparison.Ordinal);
        Assert.Contains("'yesterday' is not a date", problems, StringComparison.Ordinal);
        Assert.Equal(before, await _site.WithDbAsync(db => db.Revisions.CountAsync()));
    }

    [Fact]
    public async Task A_new_guide_stays_invisible_until_published()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();
        var form = await editor.OpenAsync("/editor/guides/new");
        var values = new Dictionary<string, string>
        {
            ["Input.Slug"] = "zhihu",
            ["Input.Name"] = "知乎",
            ["Input.NameEn"] = "Zhihu",
            ["Input.Company"] = "字节跳动",
            ["Input.Category"] = "social",
            ["Input.Summary"] = "知乎注销指南（待核实）",
            ["Input.SummaryEn"] = "A draft guide.",
            ["Input.Sources[0].Id"] = "notes", ["Input.Sources[0].Kind"] = "community", ["Input.Sources[0].Publisher"] = "编辑", ["Input.Sources[0].Title"] = "编辑笔记",
            ["Input.Sources[0].Url"] = "https://example.org/notes", ["Input.Sources[0].Published"] = "2026-11", ["Input.Sources[0].Read"] = "2026-11-29",
            ["Input.Preconditions[0].Text"] = "待核实的条件",
            ["Input.Preconditions[0].Cite"] = "notes",
            ["Body"] = "## 步骤\n\n待补充。",
        };
        var saved = await editor.SubmitAsync(form, "button[formaction$='handler=save']", values);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/guides/zhihu")).StatusCode);
        Assert.Contains("\"count\":0", await reader.GetStringAsync("/api/search?q=zhihu"), StringComparison.Ordinal);

        var edit = await editor.OpenAsync("/editor/guides/zhihu/edit");
        Assert.Contains("unpublished", edit.Html, StringComparison.Ordinal);
        await editor.SubmitAsync(edit, "form[action*='handler=publish'] button");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/guides/zhihu")).StatusCode);
    }

    [Fact]
    public async Task Unpublish_hides_the_guide_and_history_compares_and_restores()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();
        var form = await editor.OpenAsync("/editor/guides/baidu/edit");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Input.Summary"] = "第二版摘要" });

        var history = await editor.OpenAsync("/editor/guides/baidu/history");
        var compared = await editor.SubmitAsync(history, "form.compare button", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        Assert.Contains("第二版摘要", compared.Document.QuerySelector("table.diff")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(compared.Document.QuerySelectorAll("table.diff td.mod, table.diff td.ins"));

        var restored = await editor.SubmitAsync(compared, "form[action*='handler=restore'] button");
        Assert.Equal(HttpStatusCode.Redirect, restored.Status);
        var revisions = await _site.WithDbAsync(db => db.Revisions.Where(r => r.DocumentKey == "baidu").OrderBy(r => r.Number).ToListAsync());
        Assert.Equal(3, revisions.Count);
        Assert.Equal("restore", revisions[2].Origin);
        Assert.Equal(revisions[0].ContentHash, revisions[2].ContentHash);
        Assert.Contains("第二版摘要", await reader.GetStringAsync("/guides/baidu"), StringComparison.Ordinal);

        var edit = await editor.OpenAsync("/editor/guides/baidu/edit");
        await editor.SubmitAsync(edit, "form[action*='handler=unpublish'] button");
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/guides/baidu")).StatusCode);
    }

    [Fact]
    public async Task Mark_verified_today_updates_the_date_readers_see()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var edit = await editor.OpenAsync("/editor/guides/weibo/edit");
        await editor.SubmitAsync(edit, "form[action*='handler=verify'] button");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var reader = _site.NewClient();
        Assert.Contains($"datetime=\"{today}\"", await reader.GetStringAsync("/guides/weibo"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legal_provisions_are_edited_the_same_way()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();
        var form = await editor.OpenAsync("/editor/legal/pipl-47/edit");
        var saved = await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string>
        {
            ["Input.VerificationNote"] = "编辑于本次再次核对。",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains("编辑于本次再次核对。", await reader.GetStringAsync("/legal"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xss_typed_into_the_editor_renders_harmless_in_preview_and_on_the_public_page()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        const string hostile = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![y](data:text/html,z) <img src=x onerror=alert(1)>\n\n[ref][r]\n\n[r]: JaVaScRiPt:alert(2)\n";
        var form = await editor.OpenAsync("/editor/guides/wechat/edit");
        var values = new Dictionary<string, string>
        {
            ["Body"] = hostile,
            ["Input.Summary"] = "<b onmouseover=alert(1)>摘要</b>",
            ["Input.Preconditions[0].Text"] = "\"><script>alert(3)</script>",
        };
        var preview = await editor.SubmitAsync(form, "button[formaction$='handler=preview']", values);
        AssertHarmless(preview.Document.QuerySelector(".preview")!);
        await editor.SubmitAsync(preview, "button[formaction$='publish=true']");
        using var reader = _site.NewClient();
        var page = await reader.OpenAsync("/guides/wechat");
        Assert.Contains("alert(1)", page.Document.QuerySelector(".body")!.TextContent, StringComparison.Ordinal);
        AssertHarmless(page.Document.DocumentElement);
    }

    private static void AssertHarmless(AngleSharp.Dom.IElement root)
    {
        Assert.All(root.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
        foreach (var element in root.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            foreach (var attr in element.Attributes.Where(a => a.Name is "href" or "src"))
            {
                Assert.True(AccountExit.Web.Rendering.MarkdownRenderer.IsSafeUrl(attr.Value), $"{element.TagName} {attr.Name}={attr.Value}");
            }
        }
    }
}
