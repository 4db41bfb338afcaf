using System.Net;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Api;

/// <summary>Other sites' pages may read /api/v1 (GET and HEAD, no credentials) and nothing else.</summary>
[Collection("site")]
public sealed class ReadOnlyCorsTests(SiteFixture site)
{
    private const string OtherSite = "https://other.example";
    private readonly HttpClient _client = site.Client;

    private Task<HttpResponseMessage> CrossOriginAsync(HttpMethod method, string url, string? preflightFor = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Origin", OtherSite);
        if (preflightFor is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", preflightFor);
            request.Headers.Add("Access-Control-Request-Headers", "if-none-match");
        }
        return _client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Theory]
    [InlineData("/api/v1/guides")]
    [InlineData("/api/v1/guides/jd")]
    [InlineData("/api/v1/export")]
    [InlineData("/api/v1/openapi.json")]
    [InlineData("/api/v1/guides/nope")]
    public async Task V1_answers_any_origin_without_credentials(string url)
    {
        var response = await CrossOriginAsync(HttpMethod.Get, url);

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("ETag", Header(response, "Access-Control-Expose-Headers") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_response_stored_for_a_same_origin_request_still_allows_other_origins()
    {
        // First without Origin (stored in the output cache), then cross-origin: the hit must carry the header too.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/legal")).StatusCode);
        var hit = await CrossOriginAsync(HttpMethod.Get, "/api/v1/legal");

        Assert.True(hit.Headers.Age.HasValue, "served from the cache");
        Assert.Equal("*", Header(hit, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_is_answered_with_get_and_head_only()
    {
        var response = await CrossOriginAsync(HttpMethod.Options, "/api/v1/guides", preflightFor: "GET");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET, HEAD", Header(response, "Access-Control-Allow-Methods"));
        Assert.NotNull(Header(response, "Access-Control-Allow-Headers"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));

        var forDelete = await CrossOriginAsync(HttpMethod.Options, "/api/v1/guides/jd", preflightFor: "DELETE");
        Assert.DoesNotContain("DELETE", Header(forDelete, "Access-Control-Allow-Methods") ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/guides/jd")]
    [InlineData("/en/guides/jd")]
    [InlineData("/api/guides")]
    [InlineData("/api/search?q=wx")]
    [InlineData("/feeds/guides.atom")]
    [InlineData("/sitemap.xml")]
    [InlineData("/editor/login")]
    public async Task Nothing_else_on_the_site_is_readable_cross_origin(string url)
    {
        var get = await CrossOriginAsync(HttpMethod.Get, url);
        var preflight = await CrossOriginAsync(HttpMethod.Options, url, preflightFor: "GET");

        Assert.Null(Header(get, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Methods"));
    }
}
