using System.Net;
using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api;

namespace AccountExit.Tests.Api;

[Collection("site")]
public sealed class GuidesApiTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    [Fact]
    public async Task Guides_list_has_all_eight_with_urls()
    {
        var guides = await _client.GetFromJsonAsync<List<GuidesApi.GuideListItem>>("/api/guides") ?? [];
        Assert.Equal(Repo.GuideSlugs.Order(), guides.Select(g => g.Slug).Order());
        Assert.All(guides, g => Assert.Equal("/guides/" + g.Slug, g.Url));
        Assert.All(guides, g => Assert.False(string.IsNullOrWhiteSpace(g.SummaryEn)));
    }

    [Fact]
    public async Task One_guide_has_its_structured_facts()
    {
        var doc = await _client.GetFromJsonAsync<GuidesApi.GuideDocument>("/api/guides/jd");
        Assert.Equal("京东", doc!.Guide.Name);
        Assert.Equal(30, Assert.Single(doc.Guide.Timing!.CoolingOffDays).Value);
        Assert.Equal(72, Assert.Single(doc.Guide.Timing.ProcessingHours).Value);
        Assert.Contains("seed-2018", doc.Guide.Timing.ProcessingHours[0].Cite);
        Assert.Contains("pipl-47", doc.Guide.Legal);
        Assert.Contains(doc.Guide.Sources, s => s.Seed && s.Url is null);
        Assert.Contains("<h2", doc.BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_guide_is_a_json_404()
    {
        var response = await _client.GetAsync("/api/guides/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
