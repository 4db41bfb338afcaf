using System.Xml.Linq;
using AccountExit.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AccountExit.Tests;

/// <summary>With AccountExit:PublicOrigin set, a forged Host header cannot put another site's address in what crawlers and feed readers keep.</summary>
public sealed class PublicOriginTests
{
    [Fact]
    public async Task The_configured_origin_wins_over_the_host_header()
    {
        using var folder = new Repo.TempFolder();
        using var factory = new SiteFactory(Repo.Content, folder.Path, new Dictionary<string, string> { ["AccountExit:PublicOrigin"] = "https://accountexit.example" });
        using var client = factory.CreateClient();

        foreach (var url in new[] { "/sitemap.xml", "/robots.txt", "/feeds/guides.atom", "/opensearch.xml", "/api/v1/guides", "/api/v1/export" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = "evil.example";
            var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
            Assert.Contains("https://accountexit.example/", body, StringComparison.Ordinal);
        }
        var sitemap = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        Assert.All(sitemap.Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9")),
            loc => Assert.StartsWith("https://accountexit.example/", loc.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_it_a_forged_host_gets_its_own_copy_and_never_poisons_the_one_others_get()
    {
        using var folder = new Repo.TempFolder();
        using var factory = new SiteFactory(Repo.Content, folder.Path);
        using var client = factory.CreateClient();

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        forged.Headers.Host = "evil.example";
        Assert.Contains("http://evil.example/sitemap.xml", await (await client.SendAsync(forged)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var honest = await client.GetAsync("/robots.txt");
        Assert.DoesNotContain("evil.example", await honest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accountexit.example")]
    [InlineData("ftp://accountexit.example")]
    [InlineData("https://accountexit.example/guides")]
    [InlineData("https://accountexit.example/?q=1")]
    [InlineData("https://user@accountexit.example")]
    public void A_malformed_origin_stops_the_start_with_the_setting_named(string origin)
    {
        using var folder = new Repo.TempFolder();
        using var factory = new SiteFactory(Repo.Content, folder.Path, new Dictionary<string, string> { ["AccountExit:PublicOrigin"] = origin });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("AccountExit:PublicOrigin", error.Message, StringComparison.Ordinal);
    }
}
