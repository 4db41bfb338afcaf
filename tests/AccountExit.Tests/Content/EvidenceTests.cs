using System.Text;
using AccountExit.Web.Content;

namespace AccountExit.Tests.Content;

/// <summary>How a claim's confidence is derived from its sources (Content/Evidence.cs), as a table of cases.</summary>
public sealed class EvidenceTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static GuideSource S(string id, string kind, string published, string publisher = "", string? copyOf = null, string read = "2026-12-01") =>
        new() { Id = id, Kind = kind, Publisher = publisher.Length > 0 ? publisher : id, Title = id, Url = "https://a.test/" + id, Published = published, Read = read, CopyOf = copyOf };

    private static string LevelOf(Fact fact, params GuideSource[] sources)
    {
        var guide = new GuideFrontMatter { Slug = "x", Sources = [.. sources], Preconditions = [fact] };
        return Evidence.Of(guide, Today)["pre-1"].Level;
    }

    private static Fact Cites(params string[] ids) => new() { Text = "t", Cite = [.. ids] };

    public static TheoryData<string, string[], string> Cases() => new()
    {
        // expected level, cited source ids, why
        { "confirmed", ["official"], "an official source confirms alone" },
        { "confirmed", ["regulator"], "a regulator confirms alone" },
        { "confirmed", ["news-a", "news-b"], "two independent news outlets confirm" },
        { "confirmed", ["news-a", "consumer"], "news and a consumer body are independent strong sources" },
        { "reported", ["news-a"], "one news outlet reports" },
        { "reported", ["news-a", "news-a-copy"], "a copy of the same article is not a second source" },
        { "reported", ["news-a", "news-a-again"], "the same outlet twice counts once" },
        { "reported", ["media"], "tech media reports" },
        { "reported", ["forum-a", "forum-b"], "two independent community answers report" },
        { "weak", ["forum-a"], "one community answer is weak" },
        { "weak", ["farm-a", "farm-b"], "unattributed pages stay weak however many" },
        { "dated", ["old-news-a", "old-news-b"], "the newest source is older than two years" },
        { "dated", ["undated-news"], "a source with no date cannot show the claim is current" },
        { "confirmed", ["undated-official"], "an official page is current on the day it was read" },
    };

    private static readonly GuideSource[] All =
    [
        S("official", "official", "2025-06"),
        S("regulator", "regulator", "2026-01-10"),
        S("news-a", "news", "2025-03", "人民日报"),
        S("news-a-copy", "news", "2025-03", "搜狐号", copyOf: "news-a"),
        S("news-a-again", "news", "2025-04", "人民日报"),
        S("news-b", "news", "2025-05", "新京报"),
        S("consumer", "consumer-body", "2025-12"),
        S("media", "media", "2025"),
        S("forum-a", "community", "2025-01"),
        S("forum-b", "community", "2025-02"),
        S("farm-a", "unattributed", "2025-01"),
        S("farm-b", "unattributed", "2025-02"),
        S("old-news-a", "news", "2018-01", "中国新闻网"),
        S("old-news-b", "news", "2019-03", "北京青年报"),
        S("undated-news", "news", "unknown"),
        S("undated-official", "official", "unknown"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confidence_is_derived_from_the_cited_sources(string expected, string[] cited, string why)
    {
        Assert.True(expected == LevelOf(Cites(cited), All), why);
    }

    [Fact]
    public void Variants_make_a_claim_disputed_whatever_its_sources()
    {
        var fact = Cites("official");
        fact.Variants.Add(new FactVariant { Text = "另一说法", Cite = ["farm-a"] });
        Assert.Equal("disputed", LevelOf(fact, All));
    }

    [Fact]
    public void Advice_and_verified_are_marked_as_such()
    {
        Assert.Equal("advice", LevelOf(new Fact { Text = "t", Advice = true }, All));
        Assert.Equal("verified", LevelOf(new Fact { Text = "t", Cite = ["farm-a"], Verified = "2026-11-30" }, All));
    }

    [Fact]
    public void Several_current_timing_values_are_a_disagreement_but_a_superseded_one_is_history()
    {
        var guide = new GuideFrontMatter
        {
            Slug = "x",
            Sources = [.. All],
            Timing = new Timing
            {
                CoolingOffDays = [new() { Value = 15, Cite = ["official"] }, new() { Value = 30, Cite = ["farm-a"] }],
                IdleDays = [new() { Value = 365, Cite = ["old-news-a"], Until = "2015-04" }, new() { Value = 180, Cite = ["official"] }],
            },
        };
        var evidence = Evidence.Of(guide, Today);
        Assert.Equal("disputed", evidence["time-cooling"].Level);
        Assert.Equal("confirmed", evidence["time-idle"].Level);
        Assert.Equal(["official", "old-news-a"], evidence["time-idle"].Cite);
    }

    [Fact]
    public void History_is_not_dated_by_being_old()
    {
        var guide = new GuideFrontMatter { Slug = "x", Sources = [.. All], History = [new() { Date = "2018-03", Text = "t", Cite = ["old-news-a", "old-news-b"] }] };
        Assert.Equal("confirmed", Evidence.Of(guide, Today)["hist-1"].Level);
    }

    [Fact]
    public void The_guide_says_how_current_and_how_sure_it_is()
    {
        var guide = new GuideFrontMatter
        {
            Slug = "x",
            Sources = [S("a", "official", "2024-02"), S("b", "unattributed", "2026-03-05")],
            Preconditions = [Cites("a"), Cites("a"), Cites("b")],
        };
        var evidence = Evidence.Of(guide, Today);
        // The official page was read 2026-12-01: that is the newest evidence.
        Assert.Equal("2026-12-01", evidence.Newest);
        Assert.Equal("sure", evidence.Overall);
        Assert.Equal(2, evidence.Counts["confirmed"]);
        Assert.Equal(1, evidence.Counts["weak"]);
    }

    [Theory]
    [InlineData("2018", 2018, 12, 31)]
    [InlineData("2018-02", 2018, 2, 28)]
    [InlineData("2018-02-03", 2018, 2, 3)]
    public void Partial_dates_are_read_as_the_end_of_their_period(string value, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), Evidence.ParseDate(value)!.Value.Day);
        Assert.Null(Evidence.ParseDate("unknown"));
    }
}

/// <summary>The evidence rules of validate-content, import and the editor (one set: ContentRules), each a file:line problem.</summary>
public sealed class EvidenceValidationTests
{
    private const string Valid = """
        ---
        slug: demo
        name: 演示
        name_en: Demo
        company: 演示公司
        category: other
        difficulty: easy
        outcome: deleted
        summary: 一行摘要
        summary_en: One line
        entry_paths:
          - platform: app
            steps: [我, 设置, 注销]
            cite: [help]
        preconditions:
          - text: 余额为零
            cite: [help, news]
        legal: []
        sources:
          - id: help
            kind: official
            publisher: 演示
            title: 帮助
            url: https://help.example.org/cancel
            published: 2025-06
            read: 2026-11-30
          - id: news
            kind: news
            publisher: 新京报
            title: 报道
            url: https://news.example.org/a
            published: 2025-07-01
            read: 2026-11-30
        last_verified: 2026-11-30
        ---
        正文
        """;

    private static List<string> Problems(string text)
    {
        var errors = new List<FrontMatterError>();
        var file = ContentFile.Parse<GuideFrontMatter>("guides/demo.md", Encoding.UTF8.GetBytes(text), errors);
        if (file is not null)
        {
            ContentRules.Check(file, errors, new DateOnly(2026, 12, 1));
        }
        return [.. errors.Select(e => $"{e.File}:{e.Line}: {e.Problem}")];
    }

    [Fact]
    public void The_valid_example_is_valid()
    {
        Assert.Empty(Problems(Valid));
    }

    public static TheoryData<string, string, string> Broken() => new()
    {
        { "    cite: [help, news]", "    cite: [help, nope]", "guides/demo.md:17: unknown source id 'nope'" },
        { "    cite: [help, news]", "    note: 无来源", "guides/demo.md:16: preconditions[0] cites no source" },
        { "    cite: [help, news]", "    cite: [help]", "guides/demo.md:27: source 'news' is cited by no claim" },
        { "    url: https://news.example.org/a\n", "", "guides/demo.md:27: source 'news' has no url" },
        { "url: https://help.example.org/cancel", "url: javascript:alert(1)", "guides/demo.md:24: 'javascript:alert(1)' is not an http or https address" },
        { "    read: 2026-11-30\n  - id: news", "    read: 2027-01-01\n  - id: news", "guides/demo.md:26: read date 2027-01-01 is in the future" },
        { "    published: 2025-06\n", "    published: 2026-12\n", "guides/demo.md:26: read date 2026-11-30 is before the published date 2026-12" },
        { "    kind: news", "    kind: blog", "guides/demo.md:28: unknown kind 'blog'" },
        { "    cite: [help]\npreconditions", "    status: reported\npreconditions", "guides/demo.md:14: unknown field 'status': a claim's confidence is derived" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_evidence_rule_names_file_line_and_problem(string from, string to, string expected)
    {
        var text = Valid.Replace(from.Replace("\n", "\n", StringComparison.Ordinal), to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, text);
        var problems = Problems(text);
        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_seed_article_may_have_no_url()
    {
        var text = Valid.Replace("    url: https://news.example.org/a\n", "    seed: true\n", StringComparison.Ordinal);
        Assert.Empty(Problems(text));
    }
}
