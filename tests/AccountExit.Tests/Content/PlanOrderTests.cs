using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using AccountExit.Web.Pages.Plan;

namespace AccountExit.Tests.Content;

/// <summary>The ordering rules of a reader's plan (docs/plan.md), on made-up guides and on the real content.</summary>
public sealed class PlanOrderTests
{
    private static PlanLink To(string slug) => new() { Slug = slug, Reason = "因为", Advice = true };

    private static (string, GuidePlan?) Guide(string slug, string[]? after = null, string[]? with = null) =>
        (slug, after is null && with is null ? null : new GuidePlan
        {
            After = [.. (after ?? []).Select(To)],
            With = [.. (with ?? []).Select(To)],
        });

    private static readonly DateOnly Today = new(2026, 12, 1);

    private static List<string> Flat(PlanOrder order) => [.. order.Steps.SelectMany(s => s)];

    private static List<string> Shape(PlanOrder order) => [.. order.Steps.Select(s => string.Join("+", s))];

    [Fact]
    public void Without_links_guides_go_by_slug()
    {
        var order = PlanOrder.Compute([Guide("weibo"), Guide("alipay"), Guide("jd")]);
        Assert.Equal(["alipay", "jd", "weibo"], Shape(order));
        Assert.Empty(order.Cycles);
    }

    [Fact]
    public void A_guide_comes_after_every_guide_it_names_in_after_and_no_later_than_it_must()
    {
        var order = PlanOrder.Compute([Guide("alipay", after: ["taobao"]), Guide("baidu"), Guide("taobao"), Guide("zhihu")]);
        // Alipay waits for Taobao, then goes before Zhihu, which sorts after it.
        Assert.Equal(["baidu", "taobao", "alipay", "zhihu"], Flat(order));
    }

    [Fact]
    public void Chains_of_after_are_followed_through()
    {
        var order = PlanOrder.Compute([Guide("a", after: ["b"]), Guide("b", after: ["c"]), Guide("c")]);
        Assert.Equal(["c", "b", "a"], Flat(order));
    }

    [Fact]
    public void With_joins_guides_into_one_step_ordered_inside_by_after()
    {
        var order = PlanOrder.Compute([Guide("mail", with: ["music"], after: ["music"]), Guide("music"), Guide("aaa"), Guide("zzz", after: ["mail"])]);
        Assert.Equal(["aaa", "music+mail", "zzz"], Shape(order));
    }

    [Fact]
    public void With_is_symmetric_and_transitive()
    {
        var order = PlanOrder.Compute([Guide("c", with: ["b"]), Guide("b"), Guide("a", with: ["c"]), Guide("d")]);
        Assert.Equal(["a+b+c", "d"], Shape(order));
    }

    [Fact]
    public void A_step_waits_for_what_any_of_its_guides_waits_for()
    {
        var order = PlanOrder.Compute([Guide("a", with: ["b"]), Guide("b", after: ["z"]), Guide("z")]);
        Assert.Equal(["z", "a+b"], Shape(order));
    }

    [Fact]
    public void The_same_content_in_any_order_gives_the_same_plan()
    {
        (string, GuidePlan?)[] guides =
        [
            Guide("alipay", after: ["taobao"]), Guide("taobao"), Guide("wechat"), Guide("qq", with: ["wechat"]),
            Guide("jd", after: ["wechat"]), Guide("baidu"), Guide("netease"), Guide("weibo", after: ["jd", "baidu"]),
        ];
        var expected = Shape(PlanOrder.Compute(guides));
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(expected, Shape(PlanOrder.Compute(guides.OrderBy(_ => random.Next()))));
        }
    }

    [Fact]
    public void Leaving_out_guides_the_reader_did_not_pick_keeps_every_dependency()
    {
        // c after b after a: a reader who picks a and c must still do a first, though b is not in their plan.
        var order = PlanOrder.Compute([Guide("c", after: ["b"]), Guide("b", after: ["a"]), Guide("a"), Guide("0")]);
        var picked = new HashSet<string> { "c", "a" };
        Assert.Equal(["a", "c"], Flat(order).Where(picked.Contains));
    }

    [Fact]
    public void Links_to_guides_not_in_the_set_and_to_itself_are_ignored()
    {
        var order = PlanOrder.Compute([Guide("a", after: ["gone", "a"], with: ["also-gone"]), Guide("b")]);
        Assert.Equal(["a", "b"], Shape(order));
        Assert.Empty(order.Cycles);
    }

    [Fact]
    public void A_cycle_is_reported_with_every_guide_in_it_and_still_gives_a_full_order()
    {
        var order = PlanOrder.Compute([Guide("a", after: ["b"]), Guide("b", after: ["c"]), Guide("c", after: ["a"]), Guide("d")]);
        var cycle = Assert.Single(order.Cycles);
        Assert.Equal(["a", "b", "c"], cycle.Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b", "c", "d"], Flat(order).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_cycle_through_with_is_a_cycle()
    {
        // a after b, b after c, and c is in a's step: the step would have to come after itself.
        var order = PlanOrder.Compute([Guide("a", after: ["b"]), Guide("b", after: ["c"]), Guide("c", with: ["a"])]);
        Assert.Equal(["a", "b", "c"], Assert.Single(order.Cycles).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_cycle_inside_one_step_is_a_cycle()
    {
        var order = PlanOrder.Compute([Guide("a", with: ["b"], after: ["b"]), Guide("b", after: ["a"])]);
        Assert.Equal(["a", "b"], Assert.Single(order.Cycles).Order(StringComparer.Ordinal));
    }

    private static readonly Lazy<Dictionary<string, GuideFrontMatter>> Real = new(() =>
        ContentSet.Load(Repo.Content).Guides.ToDictionary(g => g.FrontMatter.Slug, g => g.FrontMatter));

    [Fact]
    public void Real_content_puts_taobao_before_alipay_as_our_advice_not_as_fact()
    {
        var order = Flat(PlanOrder.Compute(Real.Value.Values.Select(g => (g.Slug, g.Plan))));
        Assert.Equal(Repo.GuideSlugs.Length, order.Count);
        Assert.True(order.IndexOf("taobao") < order.IndexOf("alipay"));
        var link = Assert.Single(Real.Value["alipay"].Plan!.After);
        Assert.Equal(("taobao", true), (link.Slug, link.Advice));
        Assert.Equal("advice", Evidence.Of(Real.Value["alipay"], Today).Of(link)!.Level);
        Assert.Contains("本站的建议", link.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_content_starts_wechat_with_revoking_its_logins_elsewhere()
    {
        var items = Checklist.For(Real.Value["wechat"]).All.ToList();
        Assert.Equal("first", items[0].Kind);
        Assert.Contains("授权登录", items[0].Text, StringComparison.Ordinal);
        Assert.NotEqual("advice", items[0].Level);
        Assert.Equal("step", items[^1].Kind);
        // The precondition that says so comes before the step too.
        Assert.Contains(items.Take(items.Count - 1), i => i.Kind == "precondition" && i.Text.Contains("授权登录", StringComparison.Ordinal));
    }

    [Fact]
    public void Real_content_says_one_netease_account_covers_every_netease_product_and_alipay_covers_zhima_credit()
    {
        var netease = Assert.Single(Real.Value["netease"].Plan!.Covers);
        Assert.Contains("网易旗下各产品", netease.Name, StringComparison.Ordinal);
        Assert.Contains("seed-2018", netease.Cite);
        var zhima = Assert.Single(Real.Value["alipay"].Plan!.Covers);
        Assert.Equal(("芝麻信用", "seed-2018"), (zhima.Name, Assert.Single(zhima.Cite)));
    }

    [Fact]
    public void A_checklist_item_keeps_its_id_when_items_move_and_loses_it_when_its_text_changes()
    {
        var guide = Real.Value["weibo"];
        var before = Checklist.For(guide).Preconditions.Select(i => i.Id).ToList();
        Assert.Equal(before.Count, before.Distinct().Count());

        var moved = CanonicalContent.FromJson<GuideFrontMatter>(CanonicalContent.ToJson(guide));
        moved.Preconditions.Reverse();
        moved.Preconditions[0].TextEn = "changed English only";
        Assert.Equal(before.Order(StringComparer.Ordinal), Checklist.For(moved).Preconditions.Select(i => i.Id).Order(StringComparer.Ordinal));

        moved.Preconditions[0].Text += "（已更新）";
        Assert.DoesNotContain(Checklist.For(moved).Preconditions[0].Id, before);
    }
}
