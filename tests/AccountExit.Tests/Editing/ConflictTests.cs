using System.Net;
using AccountExit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Editing;

public sealed class ConflictTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Two_editors_racing_the_loser_gets_the_conflict_page_and_both_texts_survive()
    {
        using var first = await _site.SignInAsync(EditorSite.Editor);
        using var second = await _site.SignInAsync(EditorSite.Editor2);
        var firstForm = await first.OpenAsync("/editor/guides/taobao/edit");
        var secondForm = await second.OpenAsync("/editor/guides/taobao/edit");

        var won = await first.SubmitAsync(firstForm, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Body"] = "第一位编辑的正文。\n",
        });
        Assert.Equal(HttpStatusCode.Redirect, won.Status);

        var lost = await second.SubmitAsync(secondForm, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Body"] = "第二位编辑的正文。\n",
        });
        Assert.Equal(HttpStatusCode.OK, lost.Status);
        var conflict = lost.Document.QuerySelector(".conflict")!;
        Assert.Contains("第一位编辑的正文", conflict.TextContent, StringComparison.Ordinal);
        Assert.Contains("第二位编辑的正文", conflict.TextContent, StringComparison.Ordinal);
        Assert.Contains("第二位编辑的正文", lost.Document.QuerySelector("textarea[name=Body]")!.TextContent, StringComparison.Ordinal);

        var revisions = await _site.WithDbAsync(db => db.Revisions.Where(r => r.DocumentKey == "taobao").OrderBy(r => r.Number).ToListAsync());
        Assert.Equal(2, revisions.Count);
        Assert.Contains("第一位编辑的正文", revisions[1].BodyMarkdown, StringComparison.Ordinal);

        // Having seen both, the second editor saves again, knowingly, on top of the first's revision.
        var merged = await second.SubmitAsync(lost, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Body"] = "第一位编辑的正文。\n\n第二位编辑的正文。\n",
        });
        Assert.Equal(HttpStatusCode.Redirect, merged.Status);
        revisions = await _site.WithDbAsync(db => db.Revisions.Where(r => r.DocumentKey == "taobao").OrderBy(r => r.Number).ToListAsync());
        Assert.Equal(3, revisions.Count);
        Assert.Contains("第一位编辑的正文", revisions[2].BodyMarkdown, StringComparison.Ordinal);
        Assert.Contains("第二位编辑的正文", revisions[2].BodyMarkdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_saves_on_one_base_never_both_land()
    {
        using var first = await _site.SignInAsync(EditorSite.Editor);
        using var second = await _site.SignInAsync(EditorSite.Editor2);
        var forms = await Task.WhenAll(first.OpenAsync("/editor/guides/alipay/edit"), second.OpenAsync("/editor/guides/alipay/edit"));
        var loggedBefore = _site.Factory.ServerLog().Length;
        var results = await Task.WhenAll(
            first.SubmitAsync(forms[0], "button[formaction$='handler=save']", new Dictionary<string, string> { ["Body"] = "A\n" }),
            second.SubmitAsync(forms[1], "button[formaction$='handler=save']", new Dictionary<string, string> { ["Body"] = "B\n" }));
        Assert.Single(results, r => r.Status == HttpStatusCode.Redirect);
        Assert.Single(results, r => r.Status == HttpStatusCode.OK && r.Document.QuerySelector(".conflict") is not null);
        Assert.Equal(2, await _site.WithDbAsync(db => db.Revisions.CountAsync(r => r.DocumentKey == "alipay")));
        // A lost race is a conflict page, not an error in the operator's log.
        var log = _site.Factory.ServerLog()[loggedBefore..];
        Assert.False(log.Contains("[ERR]", StringComparison.Ordinal), log);
    }
}
