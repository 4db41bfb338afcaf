using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api.V1;

namespace AccountExit.Tests.Api;

/// <summary>The site's own, unversioned <c>/api</c>: v1's documents with site-relative links.</summary>
[Collection("site")]
public sealed class GuidesApiTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    [Fact]
    public async Task Guides_list_has_all_eight_with_urls()
    {
        var guides = await _client.GetFromJsonAsync<List<GuideSummary>>("/api/guides") ?? [];
        Assert.Equal(Repo.GuideSlugs.Order(), guides.Select(g => g.Slug).Order());
        Assert.All(guides, g => Assert.Equal("/guides/" + g.Slug, g.Url));
        Assert.All(guides, g => Assert.False(string.IsNullOrWhiteSpace(g.SummaryEn)));
    }

    [Fact]
    public async Task One_guide_has_its_structured_facts()
    {
        var doc = await _client.GetFromJsonAsync<GuideDocument>("/api/guides/jd");
        Assert.Equal("京东", doc!.FrontMatter.Name);
        Assert.Equal(30, Assert.Single(doc.FrontMatter.Timing!.CoolingOffDays).Value);
        Assert.Equal(72, Assert.Single(doc.FrontMatter.Timing.ProcessingHours).Value);
        Assert.Contains("seed-2018", doc.FrontMatter.Timing.ProcessingHours[0].Cite);
        Assert.Contains("pipl-47", doc.FrontMatter.Legal);
        Assert.Contains(doc.FrontMatter.Sources, s => s.Seed && s.Url is null);
        Assert.Contains("<h2", doc.BodyHtml, StringComparison.Ordinal);
        Assert.Equal("/guides/jd/history", doc.HistoryUrl);
    }

    [Theory]
    [InlineData("/guides")]
    [InlineData("/guides/jd")]
    [InlineData("/search?q=wx")]
    public async Task Each_document_is_v1s_with_site_relative_links(string route)
    {
        var site = await _client.GetStringAsync("/api" + route);
        var v1 = await _client.GetStringAsync("/api/v1" + route);
        var origin = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        Assert.DoesNotContain(origin, site, StringComparison.Ordinal);
        Assert.Contains(origin, v1, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(v1.Replace(origin, "", StringComparison.Ordinal)), JsonNode.Parse(site)),
            $"/api{route} differs from /api/v1{route} in more than its links");
    }

    [Fact]
    public async Task Unknown_guide_is_a_json_404()
    {
        var response = await _client.GetAsync("/api/guides/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/guides lists them", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
