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
        Assert.Equal(30, doc.Guide.Timing!.CoolingOffDays);
        Assert.Equal(72, doc.Guide.Timing.ProcessingHours);
        Assert.Contains("pipl-47", doc.Guide.Legal);
        Assert.Equal("2018-01", doc.Guide.FactsAsOf);
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
