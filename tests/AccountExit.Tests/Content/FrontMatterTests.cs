using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;

namespace AccountExit.Tests.Content;

public sealed class FrontMatterTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Legal = """
        ---
        id: pipl-47
        order: 1
        law: 中华人民共和国个人信息保护法
        law_en: PIPL
        article: 第四十七条
        article_en: Article 47
        title: 删除
        title_en: Deletion
        issuer: 全国人民代表大会常务委员会
        status: law
        verification: V2
        gloss_en: Deletion.
        sources:
          - title: S1
        ---
        有下列情形之一的……
        """;

    private static string Guide(string slug = "demo", string difficulty = "hard", string legal = "pipl-47", string extra = "") => $"""
        ---
        slug: {slug}
        name: 演示
        name_en: Demo
        company: 演示公司
        category: social
        aliases: [ys, yanshi]
        difficulty: {difficulty}
        outcome: deleted
        summary: 一行摘要
        summary_en: One paragraph.
        entry_paths:
          - platform: app
            steps: [我, 设置]
            cite: [s1]
        preconditions:
          - text: 条件
            cite: [s1]
        legal: [{legal}]
        sources:
          - {"{"}id: s1, kind: media, publisher: 某刊, title: 一篇文章, published: 2018-01, read: 2026-11-29, seed: true{"}"}
        # the seed article: the one source without a url
        # (kept on its own lines so that later keys keep their line numbers in these tests)
        last_verified: 2026-11-29
        {extra}
        ---
        ## 步骤

        正文。
        """;

    private ContentSet Load(params (string Path, string Text)[] files)
    {
        var root = Path.Combine(_folder.Path, "content");
        Directory.CreateDirectory(Path.Combine(root, "guides"));
        Directory.CreateDirectory(Path.Combine(root, "legal"));
        File.WriteAllText(Path.Combine(root, "legal", "pipl-47.md"), Legal);
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(root, path), text);
        }
        return ContentSet.Load(root);
    }

    private static string Only(ContentSet set) => Assert.Single(set.Errors).ToString();

    [Fact]
    public void A_valid_guide_loads_with_no_problems()
    {
        var set = Load(("guides/demo.md", Guide()));
        Assert.Empty(set.Errors);
        var guide = Assert.Single(set.Guides);
        Assert.Equal("演示", guide.FrontMatter.Name);
        Assert.Equal(["我", "设置"], guide.FrontMatter.EntryPaths[0].Steps);
        Assert.StartsWith("## 步骤", guide.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_difficulty_names_file_line_and_allowed_values()
    {
        var set = Load(("guides/demo.md", Guide(difficulty: "brutal")));
        Assert.Equal("content/guides/demo.md:8: unknown difficulty 'brutal' (allowed: easy, medium, hard, limited, impossible)", Only(set));
        Assert.Empty(set.Guides);
    }

    [Fact]
    public void Unknown_legal_id_is_reported_at_its_line()
    {
        var set = Load(("guides/demo.md", Guide(legal: "pipl-99")));
        Assert.Equal("content/guides/demo.md:19: unknown legal id 'pipl-99' (no content/legal file has it)", Only(set));
    }

    [Fact]
    public void Unknown_field_is_an_error_naming_the_field()
    {
        var set = Load(("guides/demo.md", Guide(extra: "colour: blue")));
        Assert.Equal("content/guides/demo.md:25: unknown field 'colour' (see docs/content-format.md for the allowed fields)", Only(set));
    }

    [Fact]
    public void Missing_required_field_is_reported()
    {
        var text = Guide().Replace("name_en: Demo\n", "", StringComparison.Ordinal);
        var set = Load(("guides/demo.md", text));
        Assert.Contains("missing required field 'name_en'", Only(set), StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_the_line_of_the_problem()
    {
        var text = Guide().Replace("aliases: [ys, yanshi]", "aliases: [ys, yanshi", StringComparison.Ordinal);
        var error = Assert.Single(Load(("guides/demo.md", text)).Errors);
        Assert.Equal("content/guides/demo.md", error.File);
        Assert.InRange(error.Line, 7, 9);
        Assert.StartsWith("invalid YAML", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_slug_rejects_the_second_file_and_names_the_first()
    {
        var set = Load(("guides/a.md", Guide()), ("guides/b.md", Guide()));
        Assert.Equal("content/guides/b.md:2: duplicate slug 'demo': content/guides/a.md already uses it", Only(set));
        Assert.Single(set.Guides);
    }

    [Fact]
    public void Duplicate_slug_is_kept_by_the_file_named_after_it()
    {
        var set = Load(("guides/a.md", Guide()), ("guides/demo.md", Guide()));
        Assert.Equal("content/guides/a.md:2: duplicate slug 'demo': content/guides/demo.md already uses it", Only(set));
        Assert.Equal("content/guides/demo.md", Assert.Single(set.Guides).Path);
    }

    [Fact]
    public void A_broken_file_does_not_fail_the_files_that_refer_to_it()
    {
        var set = Load(("guides/demo.md", Guide(extra: "related:\n  - name: 其他\n    slug: other\n    reason: 同一账号\n    cite: [s1]")),
            ("guides/other.md", Guide(slug: "other", difficulty: "brutal")));
        Assert.Equal("content/guides/other.md:8: unknown difficulty 'brutal' (allowed: easy, medium, hard, limited, impossible)", Only(set));
        Assert.Equal("demo", Assert.Single(set.Guides).FrontMatter.Slug);
    }

    [Fact]
    public void A_file_without_front_matter_is_rejected()
    {
        Assert.Equal("content/guides/x.md:1: no front matter: the file must start with a line '---', the YAML fields, and a closing '---'",
            Only(Load(("guides/x.md", "# Just Markdown"))));
    }

    [Fact]
    public void A_bad_date_and_an_unsafe_source_url_are_both_reported()
    {
        var text = Guide().Replace("last_verified: 2026-11-29", "last_verified: 29/11/2026", StringComparison.Ordinal)
            .Replace("read: 2026-11-29, seed: true", "read: 2026-11-29, url: 'javascript:alert(1)'", StringComparison.Ordinal);
        var errors = Load(("guides/demo.md", text)).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("content/guides/demo.md:24: '29/11/2026' is not a date: write YYYY-MM-DD", errors);
        Assert.Contains("content/guides/demo.md:21: 'javascript:alert(1)' is not an http or https address", errors);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_rejected()
    {
        var root = Path.Combine(_folder.Path, "content");
        Load();
        File.WriteAllBytes(Path.Combine(root, "guides", "bad.md"), [0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]);
        Assert.Equal("content/guides/bad.md:1: the file is not valid UTF-8", Only(ContentSet.Load(root)));
    }

    [Fact]
    public void Unknown_related_slug_is_reported()
    {
        var set = Load(("guides/demo.md", Guide(extra: "related:\n  - name: 某平台\n    slug: nowhere\n    reason: 同一账号\n    cite: [s1]")));
        Assert.Equal("content/guides/demo.md:27: unknown guide slug 'nowhere'", Only(set));
    }

    private static string PlanLink(string list, string slug) =>
        $"plan:\n  {list}:\n    - slug: {slug}\n      reason: 因为\n      advice: true";

    [Fact]
    public void Unknown_plan_slug_is_reported_at_its_line()
    {
        var set = Load(("guides/demo.md", Guide(extra: PlanLink("after", "nowhere"))));
        Assert.Equal("content/guides/demo.md:27: unknown guide slug 'nowhere' in plan.after", Only(set));
        Assert.Empty(set.Guides);
    }

    [Fact]
    public void A_guide_cannot_be_in_its_own_plan()
    {
        Assert.Equal("content/guides/demo.md:27: a guide cannot be in its own plan with: 'demo' is this guide",
            Only(Load(("guides/demo.md", Guide(extra: PlanLink("with", "demo"))))));
    }

    [Fact]
    public void A_plan_link_needs_a_reason_and_a_source_or_the_advice_mark()
    {
        var errors = Load(("guides/demo.md", Guide(extra: "plan:\n  after:\n    - slug: other\n      note: 无")),
            ("guides/other.md", Guide(slug: "other"))).Errors.Select(e => e.ToString()).ToList();
        Assert.Equal(["content/guides/demo.md:27: missing required field 'plan.after[0].reason'",
            "content/guides/demo.md:27: plan.after[0] cites no source: add cite: [source ids], or advice: true if it is the site's own advice"], errors);
    }

    [Fact]
    public void A_cycle_across_guides_is_reported_at_each_link_and_neither_guide_is_imported()
    {
        var set = Load(("guides/demo.md", Guide(extra: PlanLink("after", "other"))), ("guides/other.md", Guide(slug: "other", extra: PlanLink("after", "demo"))),
            ("guides/third.md", Guide(slug: "third", extra: PlanLink("after", "demo"))));
        Assert.Equal(
        [
            "content/guides/demo.md:27: plan.after 'other' closes a cycle among demo, other: no order can put each after the ones it names",
            "content/guides/other.md:27: plan.after 'demo' closes a cycle among demo, other: no order can put each after the ones it names",
        ], set.Errors.Select(e => e.ToString()));
        // A guide that only waits for one in the cycle is not part of it.
        Assert.Equal("third", Assert.Single(set.Guides).FrontMatter.Slug);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("privacy@localhost")]
    [InlineData("Privacy Office <privacy@example.com>")]
    [InlineData("privacy@example.com?cc=someone@example.com")]
    [InlineData("privacy @example.com")]
    [InlineData("privacy..office@example.com")]
    [InlineData("mailto:privacy@example.com")]
    public void A_request_email_that_is_not_a_plain_address_is_reported_at_its_line(string address)
    {
        var set = Load(("guides/demo.md", Guide(extra: $"request_email: \"{address}\"")));
        Assert.Equal($"content/guides/demo.md:25: '{address}' is not an email address: write a plain address such as privacy@example.com", Only(set));
        Assert.Empty(set.Guides);
    }

    [Fact]
    public void A_request_email_loads_and_is_written_back_in_the_canonical_file()
    {
        var set = Load(("guides/demo.md", Guide(extra: "request_email: privacy@example.com")));
        Assert.Empty(set.Errors);
        var guide = Assert.Single(set.Guides).FrontMatter;
        Assert.Equal("privacy@example.com", guide.RequestEmail);
        Assert.Contains("\nrequest_email: privacy@example.com\n", CanonicalContent.ToFile(guide, "正文"), StringComparison.Ordinal);
        Assert.Contains("\"requestEmail\":\"privacy@example.com\"", CanonicalContent.ToJson(guide), StringComparison.Ordinal);
    }

    [Fact]
    public void A_guide_without_a_request_email_stores_the_same_JSON_as_before_the_field_existed()
    {
        // The field is left out when unset, so no existing guide's canonical hash changed and no import made a revision.
        var guide = Assert.Single(Load(("guides/demo.md", Guide())).Guides).FrontMatter;
        Assert.Null(guide.RequestEmail);
        Assert.DoesNotContain("requestEmail", CanonicalContent.ToJson(guide), StringComparison.Ordinal);
        Assert.DoesNotContain("request_email", CanonicalContent.ToFile(guide, "正文"), StringComparison.Ordinal);
    }
}
