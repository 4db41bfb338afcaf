using System.Net;
using System.Xml.Linq;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Search;

/// <summary>Browsers can add the site's search: every page links a valid OpenSearch description whose templates work.</summary>
[Collection("site")]
public sealed class OpenSearchTests(SiteFixture site)
{
    private static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";
    private readonly HttpClient _client = site.Client;

    [Theory]
    [InlineData("/", "/search")]
    [InlineData("/en/guides/jd", "/en/search")]
    public async Task Each_page_links_a_description_whose_search_template_finds_guides(string page, string searchPath)
    {
        var (_, document) = await _client.GetPageAsync(page);
        var link = document.QuerySelector("head link[rel=search][type='application/opensearchdescription+xml']");
        Assert.NotNull(link);

        var response = await _client.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/opensearchdescription+xml", response.Content.Headers.ContentType?.MediaType);
        var description = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(OpenSearch + "OpenSearchDescription", description.Name);
        var shortName = (string)description.Element(OpenSearch + "ShortName")!;
        Assert.InRange(shortName.Length, 1, 16);
        Assert.False(string.IsNullOrWhiteSpace((string?)description.Element(OpenSearch + "Description")));

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync((string)description.Element(OpenSearch + "Image")!)).StatusCode);

        var html = description.Elements(OpenSearch + "Url").Single(u => (string?)u.Attribute("type") == "text/html");
        var template = (string)html.Attribute("template")!;
        Assert.Equal(new Uri(site.BaseAddress, searchPath) + "?q={searchTerms}", template);
        var results = await _client.GetAsync(template.Replace("{searchTerms}", Uri.EscapeDataString("微信"), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        Assert.Contains("/guides/wechat", await results.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var suggestions = description.Elements(OpenSearch + "Url").Single(u => (string?)u.Attribute("type") == "application/x-suggestions+json");
        var suggested = await _client.GetStringAsync(((string)suggestions.Attribute("template")!).Replace("{searchTerms}", "weixin", StringComparison.Ordinal));
        Assert.Contains("微信", suggested, StringComparison.Ordinal);
    }
}
