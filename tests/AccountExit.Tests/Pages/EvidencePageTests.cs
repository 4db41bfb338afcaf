using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;

namespace AccountExit.Tests.Pages;

/// <summary>Every claim on every guide page shows its evidence: a confidence badge and footnotes that lead to a listed source.</summary>
[Collection("site")]
public sealed class EvidencePageTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    public static TheoryData<string> Guides() => [.. Repo.GuideSlugs];

    private static readonly Lazy<Dictionary<string, GuideFrontMatter>> Content = new(() =>
        ContentSet.Load(Repo.Content).Guides.ToDictionary(g => g.FrontMatter.Slug, g => g.FrontMatter));

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Every_claim_has_a_badge_and_footnotes_that_resolve_to_a_listed_source(string slug)
    {
        var (_, page) = await _client.GetPageAsync($"/guides/{slug}");
        var guide = Content.Value[slug];
        var sources = page.QuerySelectorAll("ol.sources > li").Select(li => li.Id!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(guide.Sources.Select(s => "src-" + s.Id).Order(), sources.Order());
        foreach (var (key, _, _) in Evidence.ClaimsOf(guide).Where(c => c.Section != "plan"))
        {
            var claim = page.GetElementById(key);
            Assert.True(claim is not null, $"{slug}: claim {key} is not on the page");
            var badge = claim.QuerySelector(".badge.conf");
            Assert.True(badge is not null, $"{slug}: claim {key} has no confidence badge");
            Assert.False(string.IsNullOrWhiteSpace(badge.GetAttribute("title")), $"{slug}: {key}'s badge has no caption");
            var notes = claim.QuerySelectorAll(".cites a").Select(a => a.GetAttribute("href")!.TrimStart('#')).ToList();
            if (!badge.ClassList.Contains("conf-advice"))
            {
                Assert.True(notes.Count > 0, $"{slug}: claim {key} has no footnote");
            }
            Assert.All(notes, n => Assert.Contains(n, sources));
        }
        Assert.All(page.QuerySelectorAll("ol.sources a.external"), a => Assert.Equal("nofollow noopener noreferrer", a.GetAttribute("rel")));
    }

    [Fact]
    public async Task Disagreeing_sources_are_shown_with_every_value_and_its_sources()
    {
        var (_, page) = await _client.GetPageAsync("/guides/wechat");
        var box = page.QuerySelector("#time-cooling + dd .disagree");
        Assert.NotNull(box);
        var values = Content.Value["wechat"].Timing!.CoolingOffDays.Where(v => v.Until is null).ToList();
        Assert.True(values.Select(v => v.Value).Distinct().Count() > 1);
        var items = box.QuerySelectorAll("li");
        Assert.Equal(values.Count, items.Length);
        foreach (var (value, li) in values.Zip(items))
        {
            Assert.StartsWith(value.Value + " 天", li.TextContent.Trim(), StringComparison.Ordinal);
            Assert.Equal(value.Cite.Count, li.QuerySelectorAll(".cites a").Length);
        }
        Assert.Contains("来源有分歧", page.GetElementById("time-cooling")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guide_says_how_sure_and_how_current_it_is_in_both_languages()
    {
        var evidence = Evidence.Of(Content.Value["jd"], DateOnly.FromDateTime(DateTime.UtcNow));
        var (_, zh) = await _client.GetPageAsync("/guides/jd");
        var line = zh.QuerySelector(".evidence-line")!.TextContent;
        Assert.Contains("把握程度", line, StringComparison.Ordinal);
        Assert.Contains(evidence.Newest!, line, StringComparison.Ordinal);
        Assert.Contains($"{evidence.Claims.Count} 项说法", line, StringComparison.Ordinal);

        var (_, en) = await _client.GetPageAsync("/en/guides/jd");
        var enLine = en.QuerySelector(".evidence-line")!.TextContent;
        Assert.Contains("Confidence", enLine, StringComparison.Ordinal);
        Assert.Contains("Newest evidence", enLine, StringComparison.Ordinal);
        // Source titles stay as published, marked as Chinese.
        Assert.All(en.QuerySelectorAll("ol.sources li a.external"), a => Assert.Equal("zh-Hans", a.GetAttribute("lang")));
    }

    [Fact]
    public async Task About_defines_every_confidence_level()
    {
        var (_, page) = await _client.GetPageAsync("/about");
        foreach (var level in Evidence.Levels.Keys)
        {
            Assert.NotNull(page.QuerySelector($"#confidence ~ dl .conf-{level}"));
        }
    }
}
