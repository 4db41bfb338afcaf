using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Editing;

/// <summary>
/// The editor's file mode: the whole guide as its Markdown file in one text area, checked with line numbers, saved
/// through the same path as the form, so the two modes make the same revision of the same change.
/// </summary>
public sealed class FileModeTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private Task<List<Revision>> RevisionsAsync(string slug) => _site.WithDbAsync(db => db.Revisions.AsNoTracking()
        .Where(r => r.DocumentType == Revision.GuideType && r.DocumentKey == slug).OrderBy(r => r.Number).ToListAsync());

    private static string FileText(Forms.Page page) => page.Document.QuerySelector("textarea[name=FileText]")!.TextContent;

    [Fact]
    public async Task The_same_change_made_in_file_mode_and_in_form_mode_gives_the_same_revision()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        const string summary = "豆瓣注销指南：入口、条件和后果（编辑核对）";

        // Form mode: change the summary and save a draft.
        var form = await editor.OpenAsync("/editor/guides/douban/edit");
        var original = FileText(await editor.OpenAsync("/editor/guides/douban/edit?mode=file"));
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Input.Summary"] = summary, ["Note"] = "表单" })).Status);
        var byForm = (await RevisionsAsync("douban"))[^1];

        // File mode shows exactly that revision as a file; saving it unchanged changes nothing in the content.
        var file = await editor.OpenAsync("/editor/guides/douban/edit?mode=file");
        var text = FileText(file);
        Assert.Contains($"summary: {summary}", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync(file, "button[formaction$='handler=savefile']", new Dictionary<string, string> { ["Note"] = "文件，未改" })).Status);
        Assert.Equal(byForm.ContentHash, (await RevisionsAsync("douban"))[^1].ContentHash);

        // File mode: put the original summary back by editing the text; then form mode makes the same change again.
        var originalSummary = original.Split('\n').Single(l => l.StartsWith("summary: ", StringComparison.Ordinal));
        var reverted = text.Replace($"summary: {summary}", originalSummary, StringComparison.Ordinal);
        file = await editor.OpenAsync("/editor/guides/douban/edit?mode=file");
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync(file, "button[formaction$='handler=savefile']", new Dictionary<string, string> { ["FileText"] = reverted, ["Note"] = "文件" })).Status);
        var byFile = (await RevisionsAsync("douban"))[^1];
        Assert.NotEqual(byForm.ContentHash, byFile.ContentHash);
        Assert.Contains(originalSummary, FileText(await editor.OpenAsync("/editor/guides/douban/edit?mode=file")), StringComparison.Ordinal);

        form = await editor.OpenAsync("/editor/guides/douban/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string> { ["Input.Summary"] = summary, ["Note"] = "表单again" })).Status);
        var byFormAgain = (await RevisionsAsync("douban"))[^1];
        Assert.Equal(byForm.ContentHash, byFormAgain.ContentHash);
        Assert.Equal(byForm.FrontMatterJson, byFormAgain.FrontMatterJson);
        Assert.Equal(byForm.BodyMarkdown, byFormAgain.BodyMarkdown);
    }

    [Fact]
    public async Task A_broken_file_is_refused_with_its_line_numbers_and_nothing_is_saved()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var before = await RevisionsAsync("douban");
        var file = await editor.OpenAsync("/editor/guides/douban/edit?mode=file");
        var lines = FileText(file).Split('\n').ToList();
        // The first id a claim cites (the canonical file lists them one per line under "cite:").
        var cite = lines.FindIndex(l => l.Trim() == "cite:") + 1;
        lines[cite] = lines[cite][..(lines[cite].IndexOf('-', StringComparison.Ordinal) + 1)] + " no-such-source";
        var refused = await editor.SubmitAsync(file, "button[formaction$='handler=savefile']", new Dictionary<string, string> { ["FileText"] = string.Join('\n', lines) });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var problems = refused.Document.Body!.TextContent;
        Assert.Contains($"line {cite + 1}:", problems, StringComparison.Ordinal);
        Assert.Contains("no-such-source", problems, StringComparison.Ordinal);
        // The editor's text is kept, and nothing was written.
        Assert.Contains("- no-such-source", FileText(refused), StringComparison.Ordinal);
        Assert.Equal(before.Count, (await RevisionsAsync("douban")).Count);
    }
}
