using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Api;

/// <summary>The v1 contract as a client sees it: what it lists, the export and its schema, errors as problem details.</summary>
[Collection("site")]
public sealed class ApiV1Tests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    private async Task<List<string>> PublishedSlugsAsync()
    {
        await using var scope = site.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.Where(g => g.IsPublished).Select(g => g.Slug).OrderBy(s => s).ToListAsync();
    }

    private static JsonNode SchemaFile() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "src", "AccountExit.Web", "Api", "V1", "export.schema.json")))!;

    [Fact]
    public async Task The_guide_list_is_every_published_guide_with_absolute_links()
    {
        var guides = JsonNode.Parse(await _client.GetStringAsync("/api/v1/guides"))!.AsArray();

        Assert.Equal(await PublishedSlugsAsync(), guides.Select(g => (string)g!["slug"]!));
        Assert.All(guides, g => Assert.Equal(new Uri(site.BaseAddress, "/guides/" + g!["slug"]).ToString(), (string)g["url"]!));
        Assert.All(guides, g => Assert.Equal(new Uri(site.BaseAddress, "/api/v1/guides/" + g!["slug"]).ToString(), (string)g["apiUrl"]!));
    }

    [Fact]
    public async Task One_guide_has_its_front_matter_markdown_html_and_dates()
    {
        var guide = JsonNode.Parse(await _client.GetStringAsync("/api/v1/guides/jd"))!;

        Assert.Equal("京东", (string)guide["frontMatter"]!["name"]!);
        Assert.Equal(30, (int)guide["frontMatter"]!["timing"]!["coolingOffDays"]![0]!["value"]!);
        Assert.Equal((string)guide["frontMatter"]!["lastVerified"]!, (string)guide["lastVerified"]!);
        Assert.Matches(@"^\d{4}(-\d{2}(-\d{2})?)?$", (string)guide["factsAsOf"]!);
        Assert.Contains("##", (string)guide["bodyMarkdown"]!, StringComparison.Ordinal);
        Assert.Contains("<h2", (string)guide["bodyHtml"]!, StringComparison.Ordinal);
        Assert.EndsWith("+00:00", (string)guide["updatedAt"]!, StringComparison.Ordinal);
        Assert.True((int)guide["revision"]! >= 1);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync((string)guide["feedUrl"]!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync((string)guide["historyUrl"]!)).StatusCode);
    }

    [Fact]
    public async Task The_export_validates_against_its_published_schema_and_holds_every_published_guide_and_provision()
    {
        var response = await _client.GetAsync("/api/v1/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = export.RootElement;

        // The schema it names is served, byte for byte the file kept in the repository.
        var schemaUrl = root.GetProperty("$schema").GetString()!;
        Assert.Equal(new Uri(site.BaseAddress, "/api/v1/export.schema.json").ToString(), schemaUrl);
        var served = await _client.GetAsync(schemaUrl);
        Assert.Equal("application/schema+json", served.Content.Headers.ContentType?.MediaType);
        var schema = JsonNode.Parse(await served.Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(SchemaFile(), schema));

        Assert.Empty(JsonSchemas.Problems(schema, root));
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(await PublishedSlugsAsync(), root.GetProperty("guides").EnumerateArray().Select(g => g.GetProperty("slug").GetString()));
        var provisions = root.GetProperty("legal").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Contains("pipl-47", provisions);
        Assert.Equal(Directory.GetFiles(Path.Combine(Repo.Content, "legal"), "*.md").Length, provisions.Count);
    }

    [Fact]
    public async Task The_schema_fails_an_export_with_a_renamed_field()
    {
        var export = JsonNode.Parse(await _client.GetStringAsync("/api/v1/export"))!;
        var guide = export["guides"]![0]!["frontMatter"]!.AsObject();
        guide["name_en"] = guide["nameEn"]!.DeepClone();
        guide.Remove("nameEn");

        Assert.NotEmpty(JsonSchemas.Problems(SchemaFile(), JsonSerializer.SerializeToElement(export)));
    }

    [Fact]
    public void The_schema_allows_exactly_the_content_vocabularies()
    {
        var defs = SchemaFile()["$defs"]!;
        static string[] Enum(JsonNode? node) => [.. node!["enum"]!.AsArray().Select(v => (string)v!).Order()];

        Assert.Equal(Vocabulary.Categories.Keys.Order(), Enum(defs["guideFrontMatter"]!["properties"]!["category"]));
        Assert.Equal(Vocabulary.Difficulties.Keys.Order(), Enum(defs["guideFrontMatter"]!["properties"]!["difficulty"]));
        Assert.Equal(Vocabulary.Outcomes.Keys.Order(), Enum(defs["guideFrontMatter"]!["properties"]!["outcome"]));
        Assert.Equal(Vocabulary.SourceKinds.Keys.Order(), Enum(defs["guideSource"]!["properties"]!["kind"]));
        Assert.Equal(Evidence.Levels.Keys.Order(), Enum(defs["confidence"]));
        Assert.Equal(Vocabulary.Platforms.Keys.Order(), Enum(defs["guideFrontMatter"]!["properties"]!["entryPaths"]!["items"]!["properties"]!["platform"]));
        Assert.Equal(Vocabulary.LegalStatuses.Keys.Order(), Enum(defs["legalFrontMatter"]!["properties"]!["status"]));
        Assert.Equal(Vocabulary.Verifications.Keys.Order(), Enum(defs["legalFrontMatter"]!["properties"]!["verification"]));
    }

    [Theory]
    [InlineData("GET", "/api/v1/guides/nope", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/search?q=wx&limit=many", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/guides", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/guides/jd", HttpStatusCode.MethodNotAllowed)]
    public async Task Errors_are_problem_details_with_a_4xx(string method, string url, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        var response = await _client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)expected, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/v1/guides/jd");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Suggestions_follow_the_opensearch_format()
    {
        var response = await _client.GetAsync("/api/v1/suggest?q=weixin");
        Assert.Equal("application/x-suggestions+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal("weixin", (string)body[0]!);
        Assert.Contains("微信", body[1]!.AsArray().Select(n => (string)n!));
        Assert.Equal(body[1]!.AsArray().Count, body[3]!.AsArray().Count);
    }
}
