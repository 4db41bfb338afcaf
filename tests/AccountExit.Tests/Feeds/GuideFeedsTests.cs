using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Feeds;

/// <summary>The Atom feeds parse as Atom, say what was published when, and carry a new entry after an editor publishes.</summary>
[Collection("site")]
public sealed class GuideFeedsTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    private static async Task<SyndicationFeed> LoadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var formatter = new Atom10FeedFormatter();
        Assert.True(formatter.CanRead(reader), "the document is an Atom 1.0 feed");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }

    [Fact]
    public async Task The_site_feed_is_atom_with_one_entry_per_published_revision_linking_to_its_guide()
    {
        var feed = SyndicationFeed.Load(XmlReader.Create(await _client.GetStreamAsync("/feeds/guides.atom")));
        Assert.NotNull(feed);
        feed = await LoadAsync(_client, "/feeds/guides.atom");

        await using var scope = site.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var published = await db.Guides.Where(g => g.IsPublished).Select(g => g.Slug).ToListAsync();
        var revisions = await db.Revisions.CountAsync(r => r.DocumentType == Revision.GuideType && r.PublishedAtUtc != null && published.Contains(r.DocumentKey));

        var items = feed.Items.ToList();
        Assert.Equal(Math.Min(50, revisions), items.Count);
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        Assert.All(items, i => Assert.StartsWith("urn:uuid:", i.Id, StringComparison.Ordinal));
        Assert.All(items, i => Assert.Contains(i.Links, l => l.RelationshipType == "alternate"
            && published.Any(slug => l.Uri.AbsolutePath == "/guides/" + slug)));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(((TextSyndicationContent)i.Summary).Text)));
        Assert.Equal(items.Max(i => i.LastUpdatedTime), feed.LastUpdatedTime);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri == new Uri(site.BaseAddress, "/feeds/guides.atom"));
        // Stable: the same feed read again has the same ids.
        var again = await LoadAsync(_client, "/feeds/guides.atom");
        Assert.Equal(items.Select(i => i.Id), again.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_guide_feed_holds_only_that_guide_and_an_unknown_guide_has_none()
    {
        var feed = await LoadAsync(_client, "/guides/jd/feed.atom");

        Assert.NotEmpty(feed.Items);
        Assert.All(feed.Items, i => Assert.Equal("/guides/jd", i.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath));
        Assert.Contains("京东", feed.Title.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/guides/nope/feed.atom")).StatusCode);
    }

    [Fact]
    public async Task Home_and_guide_pages_point_browsers_at_their_feeds()
    {
        var (_, home) = await _client.GetPageAsync("/");
        Assert.Contains(home.QuerySelectorAll("head link[rel=alternate][type='application/atom+xml']"), l => l.GetAttribute("href") == "/feeds/guides.atom");

        var (_, guide) = await _client.GetPageAsync("/en/guides/jd");
        var feeds = guide.QuerySelectorAll("head link[rel=alternate][type='application/atom+xml']").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains("/en/feeds/guides.atom", feeds);
        Assert.Contains("/en/guides/jd/feed.atom", feeds);
        Assert.Equal("Follow changes to this guide (Atom feed)", guide.QuerySelector("a[href='/en/guides/jd/feed.atom']")?.TextContent);
    }

    [Fact]
    public async Task The_english_feeds_speak_english_and_link_to_english_pages_with_the_same_entry_ids()
    {
        var chinese = await LoadAsync(_client, "/guides/jd/feed.atom");
        var english = await LoadAsync(_client, "/en/guides/jd/feed.atom");

        Assert.Equal("en", english.Language);
        Assert.StartsWith("Changes to the JD.com", english.Title.Text, StringComparison.Ordinal);
        Assert.All(english.Items, i => Assert.Equal("/en/guides/jd", i.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath));
        Assert.Contains(english.Items, i => ((TextSyndicationContent)i.Summary).Text.Contains("First published.", StringComparison.Ordinal));
        Assert.Equal(chinese.Items.Select(i => i.Id), english.Items.Select(i => i.Id));
        Assert.Equal((await LoadAsync(_client, "/feeds/guides.atom")).Items.Count(), (await LoadAsync(_client, "/en/feeds/guides.atom")).Items.Count());
    }

    [Fact]
    public async Task After_an_editor_publishes_both_feeds_lead_with_the_change_and_what_it_touched()
    {
        using var editorSite = new EditorSite();
        using var reader = editorSite.NewClient();
        var before = await LoadAsync(reader, "/feeds/guides.atom");

        await editorSite.PublishAsync("jd", "京东摘要更新", new Dictionary<string, string> { ["Input.Summary"] = "京东注销指南（新摘要）" });

        foreach (var url in new[] { "/feeds/guides.atom", "/guides/jd/feed.atom" })
        {
            var feed = await LoadAsync(reader, url);
            var newest = feed.Items.First();
            Assert.Contains("京东摘要更新", newest.Title.Text, StringComparison.Ordinal);
            Assert.Equal("/guides/jd", newest.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath);
            var summary = ((TextSyndicationContent)newest.Summary).Text;
            Assert.Contains("京东摘要更新", summary, StringComparison.Ordinal);
            Assert.Contains("summary", summary, StringComparison.Ordinal);
            Assert.DoesNotContain("name_en", summary, StringComparison.Ordinal);
            Assert.DoesNotContain(before.Items, i => i.Id == newest.Id);
            Assert.True(newest.LastUpdatedTime >= before.LastUpdatedTime);
            // Never the editor's address.
            Assert.DoesNotContain(EditorSite.Editor, await reader.GetStringAsync(url), StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> EveryGuide() => [.. Repo.GuideSlugs];

    [Theory]
    [MemberData(nameof(EveryGuide))]
    public async Task Every_guide_in_content_has_a_feed_in_both_languages_that_starts_with_its_first_publication(string slug)
    {
        foreach (var prefix in new[] { "", "/en" })
        {
            var feed = await LoadAsync(_client, $"{prefix}/guides/{slug}/feed.atom");
            var first = feed.Items.Last();
            Assert.Equal($"{prefix}/guides/{slug}", first.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath);
            Assert.Contains(prefix == "" ? "首次发布" : "First published", ((TextSyndicationContent)first.Summary).Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_change_of_evidence_alone_is_a_change_in_both_feeds()
    {
        using var editorSite = new EditorSite();
        using var reader = editorSite.NewClient();
        using var editor = await editorSite.SignInAsync(EditorSite.Editor);
        var before = await LoadAsync(reader, "/guides/jd/feed.atom");

        // Only the evidence changes: a new source, cited by the first entry path beside what it already cites.
        var file = await editor.OpenAsync("/editor/guides/jd/edit?mode=file");
        var text = file.Document.QuerySelector("textarea[name=FileText]")!.TextContent;
        var lines = text.Split('\n').ToList();
        var cite = lines.FindIndex(l => l.Trim() == "cite:");
        var indent = lines[cite + 1][..lines[cite + 1].IndexOf('-', StringComparison.Ordinal)];
        lines.Insert(cite + 1, indent + "- jd-help-recheck");
        var sources = lines.FindIndex(l => l == "sources:");
        var item = lines[sources + 1][..lines[sources + 1].IndexOf('-', StringComparison.Ordinal)];
        lines.InsertRange(sources + 1, [
            item + "- id: jd-help-recheck", item + "  kind: news", item + "  publisher: 测试日报", item + "  title: 京东账号注销入口再核对",
            item + "  url: https://example.org/jd-recheck", item + "  published: 2026-11-01", item + "  read: 2026-11-02"]);
        var saved = await editor.SubmitAsync(file, "button[formaction$='publish=true']", new Dictionary<string, string> { ["FileText"] = string.Join('\n', lines), ["Note"] = "补充来源" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        foreach (var url in new[] { "/feeds/guides.atom", "/guides/jd/feed.atom" })
        {
            var newest = (await LoadAsync(reader, url)).Items.First();
            Assert.DoesNotContain(before.Items, i => i.Id == newest.Id);
            var summary = ((TextSyndicationContent)newest.Summary).Text;
            Assert.Contains("补充来源", summary, StringComparison.Ordinal);
            Assert.Contains("sources", summary, StringComparison.Ordinal);
            Assert.Contains("entry_paths", summary, StringComparison.Ordinal);
        }
    }
}
