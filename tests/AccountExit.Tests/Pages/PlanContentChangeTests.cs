using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Pages;

/// <summary>The plan follows the content: a changed plan link reorders /plan at the next import; a cycle imports nothing.</summary>
public sealed class PlanContentChangeTests : IDisposable
{
    private readonly PrivateSite _private = new();

    public void Dispose() => _private.Dispose();

    private async Task<ImportReport> ImportAsync()
    {
        await using var scope = _private.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(_private.ContentPath);
    }

    private void AddPlan(string slug, string plan, string summaryMark = "")
    {
        var path = Path.Combine(_private.ContentPath, "guides", slug + ".md");
        var text = File.ReadAllText(path);
        // A guide that already has a plan block gets the new links inside it.
        text = text.Contains("\nplan:\n", StringComparison.Ordinal)
            ? text.Replace("\nplan:\n", "\n" + plan, StringComparison.Ordinal)
            : text.Replace("\nlegal:", "\n" + plan + "legal:", StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace("\nsummary: ", "\nsummary: " + summaryMark, StringComparison.Ordinal));
    }

    private async Task<List<string?>> OrderAsync()
    {
        var (_, page) = await _private.Client.GetPageAsync("/plan");
        return [.. page.QuerySelectorAll("[data-plan-guide]").Select(s => s.GetAttribute("data-plan-guide"))];
    }

    [Fact]
    public async Task A_new_plan_link_reorders_the_cached_plan_page_at_the_next_import()
    {
        var before = await OrderAsync();
        Assert.True(before.IndexOf("jd") < before.IndexOf("weibo"));
        AddPlan("jd", "plan:\n  after:\n    - slug: weibo\n      reason: 测试用的理由\n      advice: true\n");

        var report = await ImportAsync();

        Assert.Empty(report.Errors);
        var after = await OrderAsync();
        Assert.True(after.IndexOf("weibo") < after.IndexOf("jd"));
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public async Task A_cycle_is_refused_with_file_and_line_and_both_guides_keep_their_last_version()
    {
        AddPlan("taobao", "plan:\n  after:\n    - slug: alipay\n      reason: 反过来\n      advice: true\n", summaryMark: "不应出现");

        var report = await ImportAsync();

        var errors = report.Errors.Select(e => e.ToString()).ToList();
        var line = Array.FindIndex(File.ReadAllLines(Path.Combine(_private.ContentPath, "guides", "taobao.md")), l => l == "    - slug: alipay") + 1;
        // Other guides linked to both (eleme, fliggy) are in the same circle now; the message names every one.
        Assert.Contains(errors, e => e.StartsWith($"content/guides/taobao.md:{line}: plan.after 'alipay' closes a cycle among alipay, ", StringComparison.Ordinal)
            && e.Contains("taobao: no order can put each after the ones it names", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("content/guides/alipay.md:", StringComparison.Ordinal));
        Assert.Equal(0, report.Updated);
        Assert.DoesNotContain("不应出现", await _private.Client.GetStringAsync("/guides/taobao"), StringComparison.Ordinal);
        Assert.Equal(Repo.GuideSlugs.Length, (await OrderAsync()).Count);
    }
}
