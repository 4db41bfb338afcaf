using System.Net;
using System.Net.Http.Headers;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Caching;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Caching;

/// <summary>
/// The hit path (<see cref="HotPages"/>): a page already sent once is written again from the first middleware. What a
/// reader gets from it must be what the whole pipeline gives: every header, the right encoding and language, a 304 for a
/// current validator, never a page for someone with credentials, never a page older than the last publish.
/// </summary>
public sealed class HotPagesTests : IDisposable
{
    private readonly PrivateSite _site = new();

    private HttpClient Client => _site.Client;

    private HotPages Hot => _site.Factory.Services.GetRequiredService<HotPages>();

    public void Dispose() => _site.Dispose();

    private static HttpRequestMessage Get(string url, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }
        return request;
    }

    /// <summary>Every header but those the server writes afresh for each response (the page rendered is sent chunked, a hit with its length).</summary>
    private static SortedDictionary<string, string> Headers(HttpResponseMessage response) =>
        new(response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Age" or "Content-Length" or "Transfer-Encoding"))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task A_hit_is_sent_with_exactly_the_headers_and_bytes_of_the_page_first_sent()
    {
        using var first = await Client.SendAsync(Get("/guides/wechat"));
        var hitsBefore = Hot.Hits;
        using var second = await Client.SendAsync(Get("/guides/wechat"));

        Assert.Equal(hitsBefore + 1, Hot.Hits);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Headers(first), Headers(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        // The security headers and the validators, on the hit itself.
        foreach (var name in new[] { "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Permissions-Policy" })
        {
            Assert.True(second.Headers.Contains(name), $"a hit lacks {name}");
        }
        Assert.NotNull(second.Headers.ETag);
        Assert.Contains("Accept-Encoding", second.Headers.Vary);
        Assert.True(second.Headers.CacheControl?.Public);
        Assert.True(second.Headers.Age.HasValue, "a hit says how old it is");
        Assert.Equal(second.Content.Headers.ContentLength, (await second.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Each_encoding_and_each_language_is_answered_with_its_own_bytes()
    {
        foreach (var round in new[] { 1, 2 })
        {
            using var br = await Client.SendAsync(Get("/guides/alipay", "br"));
            using var gzip = await Client.SendAsync(Get("/guides/alipay", "gzip"));
            using var identity = await Client.SendAsync(Get("/guides/alipay"));
            using var english = await Client.SendAsync(Get("/en/guides/alipay"));
            Assert.Equal(["br"], br.Content.Headers.ContentEncoding);
            Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
            Assert.Empty(identity.Content.Headers.ContentEncoding);
            Assert.Contains("<html lang=\"zh-Hans\"", await identity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("<html lang=\"en\"", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(round == 2, br.Headers.Age.HasValue);
        }
    }

    [Fact]
    public async Task A_current_validator_gets_a_304_with_the_security_headers_and_no_body()
    {
        using var first = await Client.SendAsync(Get("/legal"));
        await Client.SendAsync(Get("/legal"));
        var hitsBefore = Hot.Hits;
        using var revalidate = Get("/legal");
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await Client.SendAsync(revalidate);

        Assert.Equal(hitsBefore + 1, Hot.Hits);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        // Another validator is not current: the whole page.
        using var stale = Get("/legal");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123456789abcdef\"", isWeak: true));
        using var full = await Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.NotEmpty(await full.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_gets_the_page_headers_and_length_without_the_body()
    {
        using var get = await Client.SendAsync(Get("/guides/qq"));
        var length = (await get.Content.ReadAsByteArrayAsync()).Length;
        var hitsBefore = Hot.Hits;
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/guides/qq"));
        Assert.Equal(hitsBefore + 1, Hot.Hits);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(length, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
    }

    [Theory]
    [InlineData("Cookie", ".AspNetCore.Identity.Application=editor-session")]
    [InlineData("Authorization", "Bearer something")]
    public async Task A_request_with_credentials_is_never_answered_from_the_hit_path(string header, string value)
    {
        await Client.SendAsync(Get("/about"));
        await Client.SendAsync(Get("/about"));
        var hitsBefore = Hot.Hits;
        using var request = Get("/about");
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await Client.SendAsync(request);

        Assert.Equal(hitsBefore, Hot.Hits);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Age.HasValue);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_language_choice_cookie_alone_still_gets_the_hit()
    {
        await Client.SendAsync(Get("/complaints"));
        var hitsBefore = Hot.Hits;
        using var request = Get("/complaints");
        request.Headers.Add("Cookie", $"{AccountExit.Web.Startup.LanguageSetup.CookieName}=en");
        using var response = await Client.SendAsync(request);
        Assert.Equal(hitsBefore + 1, Hot.Hits);
        Assert.True(response.Headers.Age.HasValue);
    }

    [Fact]
    public async Task A_publish_retires_every_hit_at_once()
    {
        await Client.GetStringAsync("/guides/jd");
        await Client.GetStringAsync("/guides/jd");
        Assert.True(Hot.Count > 0);

        await using (var scope = _site.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.Where(g => g.Slug == "jd")
                .ExecuteUpdateAsync(s => s
                    .SetProperty(g => g.BodyHtml, g => g.BodyHtml + "<p>发布后的新内容</p>")
                    .SetProperty(g => g.UpdatedAtUtc, DateTime.UtcNow));
        }
        // Behind the cache's back the hit keeps the page it has.
        Assert.DoesNotContain("发布后的新内容", await Client.GetStringAsync("/guides/jd"), StringComparison.Ordinal);

        await SiteCache.EvictAsync(_site.Factory.Services, ["jd"]);
        var hitsBefore = Hot.Hits;
        using var after = await Client.SendAsync(Get("/guides/jd"));
        Assert.Equal(hitsBefore, Hot.Hits);
        Assert.Contains("发布后的新内容", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // And the new page is the one kept from then on.
        Assert.Contains("发布后的新内容", await Client.GetStringAsync("/guides/jd"), StringComparison.Ordinal);
        Assert.Equal(hitsBefore + 1, Hot.Hits);
    }

    [Fact]
    public async Task The_home_page_still_sends_an_English_reader_to_the_English_home_once_it_is_hot()
    {
        await Client.GetStringAsync("/");
        await Client.GetStringAsync("/");
        using var request = Get("/");
        request.Headers.AcceptLanguage.ParseAdd("en-GB");
        using var noRedirects = _site.Factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await noRedirects.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/en", response.Headers.Location?.OriginalString.TrimEnd('/'));

        // A Chinese reader still gets the hit, which says it varies by language.
        using var chinese = await Client.SendAsync(Get("/"));
        Assert.True(chinese.Headers.Age.HasValue);
        Assert.Contains("Accept-Language", chinese.Headers.Vary);
    }

    [Fact]
    public async Task A_page_of_another_origin_gets_its_CORS_answer_not_the_kept_one()
    {
        await Client.SendAsync(Get("/api/v1/guides"));
        await Client.SendAsync(Get("/api/v1/guides"));
        using var request = Get("/api/v1/guides");
        request.Headers.Add("Origin", "https://reader.example");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_search_is_left_to_the_output_cache_so_typed_queries_cannot_fill_the_hit_path()
    {
        var before = Hot.Count;
        await Client.SendAsync(Get("/search?q=" + Uri.EscapeDataString("微信怎么注销")));
        var hitsBefore = Hot.Hits;
        using var second = await Client.SendAsync(Get("/search?q=" + Uri.EscapeDataString("微信怎么注销")));
        Assert.Equal(hitsBefore, Hot.Hits);
        Assert.Equal(before, Hot.Count);
        // The output cache still answers it.
        Assert.True(second.Headers.Age.HasValue);
    }

    [Fact]
    public async Task A_page_that_is_not_found_is_never_kept()
    {
        await Client.SendAsync(Get("/guides/no-such-platform"));
        var hitsBefore = Hot.Hits;
        using var response = await Client.SendAsync(Get("/guides/no-such-platform"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(hitsBefore, Hot.Hits);
    }
}
