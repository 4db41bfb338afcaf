using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Cli;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Editing;

/// <summary>The git round trip: export-content, import, export again; and an import that meets newer web edits.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly EditorSite _site = new();
    private readonly Repo.TempFolder _out = new();

    public void Dispose()
    {
        _site.Dispose();
        _out.Dispose();
    }

    private Task<(int, int)> ExportAsync(string dir) => _site.WithDbAsync(db => ExportContent.ExportAsync(db, dir, CancellationToken.None));

    private async Task<ImportReport> ImportAsync(string dir)
    {
        await using var scope = _site.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(dir);
    }

    private static Dictionary<string, byte[]> Files(string dir) => Directory.EnumerateFiles(dir, "*.md", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    [Fact]
    public async Task Export_then_import_changes_nothing_and_a_second_export_is_byte_identical()
    {
        // A web edit first, so the export carries something that exists only in the database.
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/netease/edit");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string>
        {
            ["Body"] = "## 网页编辑\n\n多行正文，\n第二行。\n",
            ["Input.Timing.Note"] = "编辑核对：180 天",
        });

        var first = Path.Combine(_out.Path, "first");
        Assert.Equal((Repo.GuideSlugs.Length, Directory.GetFiles(Path.Combine(Repo.Content, "legal"), "*.md").Length), await ExportAsync(first));
        Assert.Contains("网页编辑", File.ReadAllText(Path.Combine(first, "guides", "netease.md")), StringComparison.Ordinal);
        Assert.Equal(0, ValidateContent.Run([first], _out.Path, Repo.Content, new StringWriter(), new StringWriter()));

        var revisionsBefore = await _site.WithDbAsync(db => db.Revisions.CountAsync());
        var report = await ImportAsync(first);
        Assert.Equal((0, 0, 0, 0), (report.Added, report.Updated, report.Unpublished, report.Conflicts));
        Assert.Empty(report.Errors);
        Assert.Equal(revisionsBefore, await _site.WithDbAsync(db => db.Revisions.CountAsync()));

        var second = Path.Combine(_out.Path, "second");
        await ExportAsync(second);
        var a = Files(first);
        var b = Files(second);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, file => Assert.Equal(file.Value, b[file.Key]));
    }

    [Fact]
    public async Task A_git_change_that_meets_newer_web_edits_becomes_a_flagged_draft_and_overwrites_nothing()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/weibo/edit");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string> { ["Input.Summary"] = "网页上的修改" });

        var file = Path.Combine(_site.ContentPath, "guides", "weibo.md");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\nsummary: ", "\nsummary: git 里的修改 ", StringComparison.Ordinal));
        var report = await ImportAsync(_site.ContentPath);

        Assert.Equal(1, report.Conflicts);
        var weibo = await _site.WithDbAsync(db => db.Guides.AsNoTracking().SingleAsync(g => g.Slug == "weibo"));
        Assert.NotNull(weibo.Attention);
        Assert.Equal("网页上的修改", weibo.Summary);
        var newest = await _site.WithDbAsync(db => db.Revisions.AsNoTracking().Where(r => r.DocumentKey == "weibo").OrderByDescending(r => r.Number).FirstAsync());
        Assert.Equal("import-conflict", newest.Origin);
        Assert.Contains("git 里的修改", newest.FrontMatterJson, StringComparison.Ordinal);

        using var reader = _site.NewClient();
        Assert.Contains("网页上的修改", await reader.GetStringAsync("/guides/weibo"), StringComparison.Ordinal);
        var list = await editor.OpenAsync("/editor");
        Assert.Contains("weibo.md changed in git", list.Html, StringComparison.Ordinal);

        // Importing again does not pile up drafts: the file has not changed since.
        Assert.Equal(0, (await ImportAsync(_site.ContentPath)).Conflicts);
    }

    [Fact]
    public async Task A_guide_created_on_the_web_survives_an_import_that_does_not_know_it()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/new");
        await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string>
        {
            ["Input.Slug"] = "zhihu", ["Input.Name"] = "知乎", ["Input.NameEn"] = "Zhihu", ["Input.Company"] = "知乎",
            ["Input.Summary"] = "草稿", ["Input.SummaryEn"] = "Draft.", ["Input.Sources[0].Id"] = "notes", ["Input.Sources[0].Kind"] = "community", ["Input.Sources[0].Publisher"] = "编辑", ["Input.Sources[0].Title"] = "编辑笔记",
            ["Input.Sources[0].Url"] = "https://example.org/notes", ["Input.Sources[0].Published"] = "2026-11", ["Input.Sources[0].Read"] = "2026-11-29",
            ["Input.Preconditions[0].Text"] = "待核实的条件", ["Input.Preconditions[0].Cite"] = "notes",
        });
        await ImportAsync(_site.ContentPath);
        using var reader = _site.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/guides/zhihu")).StatusCode);
    }
}
