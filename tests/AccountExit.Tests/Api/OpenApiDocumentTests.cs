using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountExit.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace AccountExit.Tests.Api;

/// <summary>The OpenAPI document is valid, lists every v1 route and nothing else, and says what the routes really answer.</summary>
[Collection("site")]
public sealed class OpenApiDocumentTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    private async Task<string> DocumentAsync()
    {
        var response = await _client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_document_parses_and_validates_with_the_OpenAPI_library()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(await DocumentAsync(), "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.StartsWith("3.1", diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("AccountExit open data", document.Info.Title);
    }

    [Fact]
    public async Task Every_v1_route_is_described_and_nothing_outside_v1()
    {
        var (document, _) = OpenApiDocument.Parse(await DocumentAsync(), "json");
        var routes = site.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!)
            .ToHashSet();

        Assert.Contains("/api/v1/export", routes);
        Assert.Equal(routes.Order(), document!.Paths.Keys.Order());
        Assert.All(document.Paths.Values, p => Assert.Equal([HttpMethod.Get], p.Operations!.Keys));
    }

    public static TheoryData<string, string> Responses => new()
    {
        { "/api/v1/guides", "/api/v1/guides" },
        { "/api/v1/guides/jd", "/api/v1/guides/{slug}" },
        { "/api/v1/guides/wechat", "/api/v1/guides/{slug}" },
        { "/api/v1/legal", "/api/v1/legal" },
        { "/api/v1/search?q=wx", "/api/v1/search" },
        { "/api/v1/search?q=zzqqxx", "/api/v1/search" },
        { "/api/v1/search?q=weixn", "/api/v1/search" },
        { "/api/v1/suggest?q=wei", "/api/v1/suggest" },
        { "/api/v1/export", "/api/v1/export" },
        { "/api/v1/guides/nope", "/api/v1/guides/{slug}" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Real_responses_match_the_documented_schema(string url, string path)
    {
        var openApi = JsonNode.Parse(await DocumentAsync())!;
        var response = await _client.GetAsync(url);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mediaType = response.Content.Headers.ContentType!.MediaType!;

        var documented = openApi["paths"]![path]!["get"]!["responses"]![status]?["content"]?[mediaType]?["schema"];
        Assert.True(documented is not null, $"{url} answered {status} {mediaType}, which {path} does not document");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(JsonSchemas.Problems(JsonSchemas.FromOpenApi(openApi, documented), body.RootElement));
    }

    [Fact]
    public async Task A_renamed_field_would_fail_the_check()
    {
        var openApi = JsonNode.Parse(await DocumentAsync())!;
        var schema = JsonSchemas.FromOpenApi(openApi, openApi["paths"]!["/api/v1/guides/{slug}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        var guide = JsonNode.Parse(await _client.GetStringAsync("/api/v1/guides/jd"))!.AsObject();
        Assert.Empty(JsonSchemas.Problems(schema, JsonSerializer.SerializeToElement(guide)));

        guide["last_verified"] = guide["lastVerified"]!.DeepClone();
        guide.Remove("lastVerified");

        Assert.NotEmpty(JsonSchemas.Problems(schema, JsonSerializer.SerializeToElement(guide)));
    }
}
