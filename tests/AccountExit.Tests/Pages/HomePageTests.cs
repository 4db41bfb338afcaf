using System.Net;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using AngleSharp.Dom;

namespace AccountExit.Tests.Pages;

/// <summary>The home page at 32 guides and more: grouped by category, a jump index, filters, one line per card.</summary>
[Collection("site")]
public sealed class HomePageTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    private static readonly Lazy<List<GuideFrontMatter>> Content = new(() =>
        [.. ContentSet.Load(Repo.Content).Guides.Select(g => g.FrontMatter)]);

    private static GuideFrontMatter Guide(string slug) => Content.Value.Single(g => g.Slug == slug);

    public static TheoryData<string> Languages() => ["/", "/en"];

    /// <summary>The slug a card links to, in either language.</summary>
    private static string SlugOf(IElement card) => card.QuerySelector(".card-title")!.GetAttribute("href")!.Split('/')[^1];

    private static List<string> Slugs(IDocument page) => [.. page.QuerySelectorAll(".card").Select(SlugOf).Order(StringComparer.Ordinal)];

    private static List<string> Expected(Func<GuideFrontMatter, bool> where) =>
        [.. Content.Value.Where(where).Select(g => g.Slug).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Every_guide_appears_exactly_once_under_its_category_heading(string home)
    {
        var (response, page) = await _client.GetPageAsync(home);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Content.Value.Count >= 32);
        Assert.Equal(Expected(_ => true), Slugs(page));

        var english = home == "/en";
        foreach (var card in page.QuerySelectorAll(".card"))
        {
            var guide = Guide(SlugOf(card));
            var heading = card.Closest("section.category")!.QuerySelector("h3")!;
            Assert.Equal("category-" + guide.Category, heading.Id);
            var label = english ? Vocabulary.En(Vocabulary.Categories, guide.Category) : Vocabulary.Zh(Vocabulary.Categories, guide.Category);
            Assert.StartsWith(label, heading.TextContent.Trim(), StringComparison.Ordinal);
            Assert.NotNull(card.QuerySelector("[class*='difficulty-']"));
        }
        // One heading per category that has guides, in the vocabulary's order.
        var categories = Vocabulary.Categories.Keys.Where(c => Content.Value.Any(g => g.Category == c)).Select(c => "category-" + c).ToList();
        Assert.Equal(categories, page.QuerySelectorAll("section.category h3").Select(h => h.Id!).ToList());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_jump_index_links_to_every_category_section_on_the_page(string home)
    {
        var (_, page) = await _client.GetPageAsync(home);
        var links = page.QuerySelectorAll(".category-index a").ToList();
        var sections = page.QuerySelectorAll("section.category h3").Select(h => h.Id!).ToList();
        Assert.True(sections.Count >= 10, "expected the guides to span at least ten categories");
        Assert.Equal(sections.Select(id => "#" + id).ToList(), links.Select(a => a.GetAttribute("href")!).ToList());
        foreach (var link in links)
        {
            var heading = page.GetElementById(link.GetAttribute("href")![1..])!;
            // The link reads like the heading it leads to, count included.
            Assert.Equal(heading.TextContent.Trim(), link.TextContent.Trim());
            var count = heading.Closest("section.category")!.QuerySelectorAll(".card").Length;
            Assert.EndsWith(" " + count, link.TextContent.Trim(), StringComparison.Ordinal);
        }
        Assert.Equal(home == "/en" ? "Jump to a category" : "按类别跳转", page.QuerySelector("nav.category-index")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Filtering_by_difficulty_keeps_only_the_categories_that_still_have_a_guide()
    {
        var (_, hard) = await _client.GetPageAsync("/?difficulty=hard");
        Assert.Equal(Expected(g => g.Difficulty == "hard"), Slugs(hard));
        Assert.NotEmpty(Slugs(hard));
        Assert.Equal("hard", hard.QuerySelector("select[name=difficulty] option[selected]")?.GetAttribute("value"));

        var categories = Content.Value.Where(g => g.Difficulty == "hard").Select(g => "category-" + g.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(categories, hard.QuerySelectorAll("section.category h3").Select(h => h.Id!).Order(StringComparer.Ordinal).ToList());
        Assert.All(hard.QuerySelectorAll("section.category"), s => Assert.NotEmpty(s.QuerySelectorAll(".card")));
        if (categories.Count > 1)
        {
            Assert.Equal(categories.Count, hard.QuerySelectorAll(".category-index a").Length);
        }
        Assert.Contains($"{Slugs(hard).Count} / {Content.Value.Count}", hard.Text(".count"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filtering_by_category_shows_that_one_section_without_an_index()
    {
        var (_, shopping) = await _client.GetPageAsync("/en?category=shopping");
        Assert.Equal(Expected(g => g.Category == "shopping"), Slugs(shopping));
        Assert.Contains("taobao", Slugs(shopping));
        Assert.Equal(["category-shopping"], shopping.QuerySelectorAll("section.category h3").Select(h => h.Id!).ToList());
        Assert.Null(shopping.QuerySelector(".category-index"));
        Assert.Equal("shopping", shopping.QuerySelector("select[name=category] option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_filter_nothing_matches_says_so_and_offers_the_full_list()
    {
        var difficulty = Vocabulary.Difficulties.Keys.FirstOrDefault(d => !Content.Value.Any(g => g.Difficulty == d && g.Category == "telecom"));
        Assert.NotNull(difficulty);
        var (response, page) = await _client.GetPageAsync($"/?category=telecom&difficulty={difficulty}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(page.QuerySelectorAll(".card"));
        Assert.Empty(page.QuerySelectorAll("section.category"));
        Assert.NotNull(page.QuerySelector(".empty a[href='/']"));
    }

    [Fact]
    public async Task Unknown_filter_values_are_ignored_not_an_error()
    {
        var (response, page) = await _client.GetPageAsync("/?difficulty=%27%20OR%201%3D1&category=%3Cscript%3E");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content.Value.Count, page.QuerySelectorAll(".cards .card").Length);
    }

    [Fact]
    public async Task The_chinese_home_page_carries_one_chinese_line_per_card_and_no_english_summary()
    {
        var (_, page) = await _client.GetPageAsync("/");
        var text = page.Body!.TextContent;
        foreach (var card in page.QuerySelectorAll(".card"))
        {
            var guide = Guide(SlugOf(card));
            var line = card.QuerySelector(".summary")!.TextContent.Trim();
            AssertOneLineOf(guide.Summary, line);
        }
        var attributes = page.All.SelectMany(e => e.Attributes).Select(a => a.Value).ToList();
        foreach (var guide in Content.Value)
        {
            // Not the English summary, nor its opening words.
            Assert.DoesNotContain(guide.SummaryEn[..Math.Min(25, guide.SummaryEn.Length)], text, StringComparison.Ordinal);
            // Not the whole Chinese summary either, where it is longer than a line: not as text, not in an attribute.
            if (guide.Summary.Length > 30)
            {
                Assert.DoesNotContain(guide.Summary, text, StringComparison.Ordinal);
                Assert.DoesNotContain(attributes, a => a.Contains(guide.Summary[..30], StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task The_english_home_page_carries_one_english_line_per_card_and_no_chinese_summary()
    {
        var (_, page) = await _client.GetPageAsync("/en");
        var text = page.Body!.TextContent;
        foreach (var card in page.QuerySelectorAll(".card"))
        {
            var guide = Guide(SlugOf(card));
            var line = card.QuerySelector(".summary")!.TextContent.Trim();
            AssertOneLineOf(guide.SummaryEn, line);
            Assert.Contains(' ', line);
        }
        foreach (var guide in Content.Value)
        {
            Assert.DoesNotContain(guide.Summary[..Math.Min(12, guide.Summary.Length)], text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The card shows the start of the summary, cut to about one line (30 Chinese characters, 60 Latin) and marked
    /// with "…" when cut; the page does not carry the rest.
    /// </summary>
    private static void AssertOneLineOf(string summary, string line)
    {
        summary = summary.Trim();
        var columns = line.Sum(c => c >= '\u2E80' ? 2 : 1);
        Assert.True(columns <= 60, $"“{line}” is {columns} columns wide, more than one card line");
        if (line == summary)
        {
            return;
        }
        Assert.EndsWith("…", line, StringComparison.Ordinal);
        var start = line[..^1];
        Assert.StartsWith(start, summary, StringComparison.Ordinal);
        // Most of the line is used: a cut that leaves a stub ("只有一个匿名网页…") tells the reader nothing.
        Assert.True(columns >= 30, $"“{line}” is only {columns} columns of “{summary}”");
        // A cut inside a Latin word would read as a different word.
        if (char.IsAsciiLetterOrDigit(start[^1]))
        {
            Assert.False(char.IsAsciiLetterOrDigit(summary[start.Length]), $"“{line}” cuts a word of “{summary}”");
        }
    }
}
