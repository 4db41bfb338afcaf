using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Tests.Editing;

/// <summary>An editor edits a guide's plan block in the form, like every other list; the same checks as a file apply.</summary>
public sealed class PlanEditTests : IDisposable
{
    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task A_plan_link_and_a_cover_saved_in_the_form_reorder_the_public_plan()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        using var reader = _site.NewClient();
        var form = await editor.OpenAsync("/editor/guides/jd/edit");
        var saved = await editor.SubmitAsync(form, "button[formaction$='publish=true']", new Dictionary<string, string>
        {
            ["Input.Plan.After[0].Slug"] = "weibo",
            ["Input.Plan.After[0].Reason"] = "编辑测试：先处理微博",
            ["Input.Plan.After[0].Advice"] = "true",
            ["Input.Plan.Covers[0].Name"] = "京东金融",
            ["Input.Plan.Covers[0].Reason"] = "编辑测试：一并结束",
            ["Input.Plan.Covers[0].Advice"] = "true",
            ["Input.Plan.First[0].Text"] = "编辑测试：先做的事",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var stored = await _site.WithDbAsync(db => db.Guides.Where(g => g.Slug == "jd").Select(g => g.FrontMatterJson).SingleAsync());
        var plan = CanonicalContent.FromJson<GuideFrontMatter>(stored).Plan!;
        Assert.Equal(("weibo", true), (Assert.Single(plan.After).Slug, plan.After[0].Advice));
        Assert.Empty(plan.With);
        Assert.Equal("京东金融", Assert.Single(plan.Covers).Name);
        Assert.Equal("编辑测试：先做的事", plan.First[0].Text);

        var (_, page) = await reader.GetPageAsync("/plan");
        var order = page.QuerySelectorAll("[data-plan-guide]").Select(s => s.GetAttribute("data-plan-guide")).ToList();
        Assert.True(order.IndexOf("weibo") < order.IndexOf("jd"));
        Assert.Contains("编辑测试：先处理微博", page.QuerySelector("[data-plan-guide=jd] .plan-note-after")!.TextContent, StringComparison.Ordinal);

        // The form shows what was saved, with blank rows to add more.
        var again = await editor.OpenAsync("/editor/guides/jd/edit");
        Assert.Equal("weibo", again.Document.QuerySelector("input[name='Input.Plan.After[0].Slug']")!.GetAttribute("value"));
        Assert.NotNull(again.Document.QuerySelector("input[name='Input.Plan.After[1].Slug']"));
    }

    [Fact]
    public async Task A_cycle_or_an_unknown_slug_is_refused_with_the_problem_named_and_nothing_saved()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var before = await _site.WithDbAsync(db => db.Revisions.CountAsync());
        var form = await editor.OpenAsync("/editor/guides/taobao/edit");

        var cycle = await editor.SubmitAsync(form, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Input.Plan.After[0].Slug"] = "alipay",
            ["Input.Plan.After[0].Reason"] = "反过来",
            ["Input.Plan.After[0].Advice"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, cycle.Status);
        var alert = cycle.Document.QuerySelector("[role=alert]")!.TextContent;
        Assert.True(alert.Contains("plan.after 'alipay' closes a cycle among alipay", StringComparison.Ordinal) && alert.Contains("taobao", StringComparison.Ordinal), alert);

        var unknown = await editor.SubmitAsync(cycle, "button[formaction$='handler=save']", new Dictionary<string, string>
        {
            ["Input.Plan.After[0].Slug"] = "nowhere",
            ["Input.Plan.With[0].Slug"] = "taobao",
            ["Input.Plan.With[0].Reason"] = "自己",
        });
        var problems = unknown.Document.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("unknown guide slug 'nowhere' in plan.after", problems, StringComparison.Ordinal);
        Assert.Contains("a guide cannot be in its own plan with: 'taobao' is this guide", problems, StringComparison.Ordinal);
        Assert.Equal(before, await _site.WithDbAsync(db => db.Revisions.CountAsync()));
    }
}
