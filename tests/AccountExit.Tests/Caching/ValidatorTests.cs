using System.Net;
using System.Net.Http.Headers;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Caching;

namespace AccountExit.Tests.Caching;

/// <summary>ETags from the content, 304 on revalidation, Cache-Control for browsers and CDNs.</summary>
[Collection("site")]
public sealed class ValidatorTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    public static TheoryData<string> Urls() => ["/guides/wechat", "/", "/legal", "/about", "/search?q=wx", "/api/guides", "/api/guides/qq", "/api/search?q=wx", "/plan"];

    private async Task<HttpResponseMessage> GetAsync(string url, EntityTagHeaderValue? ifNoneMatch = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return await _client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task A_revalidation_with_the_current_ETag_gets_304_and_no_body(string url)
    {
        var first = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(etag.IsWeak, "one validator covers the br, gzip and identity bodies, so it is weak");
        Assert.Equal(SiteCacheControl, first.Headers.CacheControl?.ToString());

        foreach (var encoding in new[] { null, "br", "gzip" })
        {
            var revalidation = await GetAsync(url, etag, encoding);
            Assert.Equal(HttpStatusCode.NotModified, revalidation.StatusCode);
            Assert.Empty(await revalidation.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, revalidation.Headers.ETag);
            Assert.Equal(SiteCacheControl, revalidation.Headers.CacheControl?.ToString());
        }
    }

    private static string SiteCacheControl => CacheControlHeaderValue.Parse(HttpCacheHeaders.PublicCacheControl).ToString();

    [Fact]
    public async Task An_old_or_foreign_ETag_gets_the_full_page()
    {
        var response = await GetAsync("/guides/wechat", new EntityTagHeaderValue("\"0000000000000000\"", isWeak: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("微信", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_guide_has_its_own_ETag_and_lists_have_theirs()
    {
        var tags = new List<string>();
        foreach (var url in Repo.GuideSlugs.Select(s => $"/guides/{s}").Append("/").Append("/legal").Append("/about"))
        {
            tags.Add((await GetAsync(url)).Headers.ETag!.Tag);
        }
        Assert.Equal(tags.Count, tags.Distinct().Count());
    }

    [Fact]
    public async Task The_ETag_is_stable_across_requests_and_encodings()
    {
        var plain = (await GetAsync("/guides/qq")).Headers.ETag;
        var br = (await GetAsync("/guides/qq", acceptEncoding: "br")).Headers.ETag;
        Assert.Equal(plain, br);
        Assert.Equal(plain, (await GetAsync("/guides/qq")).Headers.ETag);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/guides/no-such-platform")]
    public async Task Health_checks_and_missing_pages_carry_no_validator_and_are_not_cached(string url)
    {
        await GetAsync(url);
        var response = await GetAsync(url);
        Assert.Null(response.Headers.ETag);
        Assert.False(response.Headers.Age.HasValue);
        Assert.NotEqual(SiteCacheControl, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Unusual_If_None_Match_values_never_break_the_page()
    {
        foreach (var value in new[] { "*", "garbage", "\"", "W/", "W/\"x\", \"y\"", new string('"', 5000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/guides/wechat");
            request.Headers.TryAddWithoutValidation("If-None-Match", value);
            var response = await _client.SendAsync(request);
            Assert.Equal(value == "*" ? HttpStatusCode.NotModified : HttpStatusCode.OK, response.StatusCode);
        }
    }
}
