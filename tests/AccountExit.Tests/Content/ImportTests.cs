using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Content;

/// <summary>Import through the running app against a real SQLite file, on a private copy of content/.</summary>
public sealed class ImportTests : IDisposable
{
    private readonly PrivateSite _private = new();

    private string Content => _private.ContentPath;
    private SiteFactory Site => _private.Factory;
    private HttpClient Client => _private.Client;

    public void Dispose() => _private.Dispose();

    private async Task<ImportReport> ImportAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(Content);
    }

    private string GuideFile(string slug) => Path.Combine(Content, "guides", slug + ".md");

    [Fact]
    public async Task Importing_unchanged_content_again_changes_nothing()
    {
        var report = await ImportAsync();
        Assert.Equal((0, 0, 0), (report.Added, report.Updated, report.Unpublished));
        Assert.Equal(Repo.GuideSlugs.Length + Directory.GetFiles(Path.Combine(Content, "legal")).Length, report.Unchanged);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task A_changed_file_updates_its_guide_on_the_next_import()
    {
        var path = GuideFile("qq");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\nsummary: ", "\nsummary: 【已更新】", StringComparison.Ordinal));
        var report = await ImportAsync();
        Assert.Equal(1, report.Updated);
        var page = await Client.GetStringAsync("/guides/qq");
        Assert.Contains("【已更新】", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_keeps_the_last_good_version_and_names_file_and_line()
    {
        var before = await Client.GetStringAsync("/guides/wechat");
        var path = GuideFile("wechat");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\ndifficulty: ", "\ndifficulty: brutal # was ", StringComparison.Ordinal)
            .Replace("\nsummary: ", "\nsummary: 不应出现", StringComparison.Ordinal));

        var report = await ImportAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal("content/guides/wechat.md", error.File);
        Assert.Equal(Array.FindIndex(File.ReadAllLines(path), l => l.StartsWith("difficulty:", StringComparison.Ordinal)) + 1, error.Line);
        Assert.Contains("unknown difficulty 'brutal'", error.Problem, StringComparison.Ordinal);
        Assert.Equal((0, 0), (report.Updated, report.Unpublished));
        var after = await Client.GetAsync("/guides/wechat");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var text = await after.Content.ReadAsStringAsync();
        Assert.DoesNotContain("不应出现", text, StringComparison.Ordinal);
        Assert.Equal(before, text);
    }

    [Fact]
    public async Task Content_as_last_imported_is_not_parsed_again_but_one_changed_byte_is()
    {
        var logged = Site.ServerLog().Length;
        var report = await ImportAsync();
        Assert.Equal(Repo.GuideSlugs.Length + Directory.GetFiles(Path.Combine(Content, "legal")).Length, report.Unchanged);
        Assert.Contains("is as last imported", Site.ServerLog()[logged..], StringComparison.Ordinal);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<AppDb>().ContentImports.SingleAsync();
            Assert.Equal(ContentSet.Fingerprint(Content)!.Value.Hash, row.Fingerprint);
        }

        var path = GuideFile("weibo");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\nsummary: ", "\nsummary: 改", StringComparison.Ordinal));
        logged = Site.ServerLog().Length;
        Assert.Equal(1, (await ImportAsync()).Updated);
        Assert.Contains("Imported content from", Site.ServerLog()[logged..], StringComparison.Ordinal);
        Assert.Contains("改", await Client.GetStringAsync("/guides/weibo"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_is_reported_by_every_import_until_it_is_fixed()
    {
        var path = GuideFile("qq");
        var good = File.ReadAllText(path);
        File.WriteAllText(path, good.Replace("\ndifficulty: ", "\ndifficulty: brutal # was ", StringComparison.Ordinal));

        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("unknown difficulty 'brutal'", Assert.Single((await ImportAsync()).Errors).Problem, StringComparison.Ordinal);
        }

        File.WriteAllText(path, good);
        Assert.Empty((await ImportAsync()).Errors);
        Assert.Empty((await ImportAsync()).Errors);
    }

    [Fact]
    public async Task A_file_put_back_as_it_was_before_a_bad_import_is_imported_again()
    {
        // The folder is put back exactly as the first (clean) import read it; that import's fingerprint no longer
        // describes the site, since the import with a problem in between changed jd.
        var path = GuideFile("jd");
        var original = File.ReadAllText(path);
        var qq = File.ReadAllText(GuideFile("qq"));
        File.WriteAllText(path, original.Replace("\nsummary: ", "\nsummary: 新版", StringComparison.Ordinal));
        File.WriteAllText(GuideFile("qq"), "---\nslug: qq\nname: [unclosed\n---\n");
        var report = await ImportAsync();
        Assert.Equal(1, report.Updated);
        Assert.Single(report.Errors);

        File.WriteAllText(path, original);
        File.WriteAllText(GuideFile("qq"), qq);
        Assert.Equal(1, (await ImportAsync()).Updated);
        Assert.DoesNotContain("新版", await Client.GetStringAsync("/guides/jd"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_file_unpublishes_its_guide_without_destroying_it_and_it_comes_back()
    {
        var path = GuideFile("baidu");
        var text = File.ReadAllText(path);
        File.Delete(path);

        Assert.Equal(1, (await ImportAsync()).Unpublished);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/guides/baidu")).StatusCode);
        Assert.DoesNotContain("/guides/baidu\"", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.SingleAsync(g => g.Slug == "baidu");
            Assert.False(row.IsPublished);
            Assert.NotEmpty(row.BodyMarkdown);
        }

        File.WriteAllText(path, text);
        Assert.Equal(1, (await ImportAsync()).Updated);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/guides/baidu")).StatusCode);
    }
}

/// <summary>A broken file present from the first start never takes the site down.</summary>
public sealed class BrokenContentStartTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Site_starts_and_serves_every_other_guide_when_one_file_is_malformed()
    {
        var content = Path.Combine(_folder.Path, "content");
        Repo.CopyFolder(Repo.Content, content);
        File.WriteAllText(Path.Combine(content, "guides", "qq.md"), "---\nslug: qq\nname: [unclosed\n---\n");
        File.WriteAllText(Path.Combine(content, "guides", "copy.md"),
            File.ReadAllText(Path.Combine(content, "guides", "jd.md")));

        using var site = new SiteFactory(content);
        using var client = site.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/guides/qq")).StatusCode);
        foreach (var slug in Repo.GuideSlugs.Where(s => s != "qq"))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/guides/{slug}")).StatusCode);
        }
    }
}
