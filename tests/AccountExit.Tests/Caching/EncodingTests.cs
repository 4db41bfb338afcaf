using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Caching;

/// <summary>
/// Compression happens inside the cache: each normalised encoding (br, gzip, identity) is its own entry, so every
/// client gets bytes it can read, a gzip-only client never gets Brotli, and every variant is the same page.
/// </summary>
[Collection("site")]
public sealed class EncodingTests(SiteFixture site) : IDisposable
{
    // No automatic decompression: the test sees the bytes on the wire.
    private readonly HttpClient _raw = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
    {
        BaseAddress = site.BaseAddress,
    };

    public void Dispose() => _raw.Dispose();

    public static TheoryData<string?, string?> Matrix() => new()
    {
        { "br", "br" },
        { "gzip", "gzip" },
        { "gzip, deflate", "gzip" },
        { "br, gzip, deflate", "br" },
        { "gzip;q=1.0, br;q=0.5", "gzip" },
        { "br;q=0, gzip", "gzip" },
        { "identity", null },
        { "deflate", null },
        { null, null },
    };

    public static TheoryData<string> Urls() => ["/guides/wechat", "/", "/legal", "/about", "/api/guides", "/api/guides/qq", "/search?q=wx"];

    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        var response = await _raw.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Decode(byte[] body, string? encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoded = encoding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            null => input,
            _ => throw new InvalidOperationException("unexpected encoding " + encoding),
        };
        using var reader = new StreamReader(decoded);
        return reader.ReadToEnd();
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_client_gets_the_encoding_it_accepts_from_the_cache_too(string? acceptEncoding, string? expected)
    {
        var (_, identity) = await GetAsync("/guides/wechat", null);
        for (var i = 0; i < 2; i++)
        {
            var (response, body) = await GetAsync("/guides/wechat", acceptEncoding);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            Assert.Equal(Decode(identity, null), Decode(body, expected));
        }
    }

    [Theory]
    [InlineData("/guides/wechat")]
    [InlineData("/guides/china-unicom")]
    [InlineData("/legal")]
    public async Task A_Brotli_page_is_smaller_than_the_same_page_gzipped(string url)
    {
        // At ASP.NET Core's default Brotli quality (Optimal, 4) /guides/wechat was 11,495 bytes, gzip 11,336.
        var (_, br) = await GetAsync(url, "br");
        var (_, gzip) = await GetAsync(url, "gzip");

        Assert.True(br.Length < gzip.Length * 0.95, $"{url}: br {br.Length} bytes, gzip {gzip.Length}");
        Assert.Equal(Decode(gzip, "gzip"), Decode(br, "br"));
    }

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task Every_public_page_is_compressed_once_and_decompresses_to_the_identity_body(string url)
    {
        var (_, identity) = await GetAsync(url, "identity");
        foreach (var encoding in new[] { "br", "gzip" })
        {
            var (first, body) = await GetAsync(url, encoding);
            var (second, again) = await GetAsync(url, encoding);
            Assert.Equal(encoding, first.Content.Headers.ContentEncoding.Single());
            Assert.True(second.Headers.Age.HasValue, $"{url} as {encoding} was not served from the cache");
            Assert.Equal(body, again);
            Assert.Equal(Decode(identity, null), Decode(body, encoding));
        }
    }

    [Fact]
    public async Task A_gzip_only_client_after_a_brotli_client_still_gets_gzip()
    {
        await GetAsync("/legal", "br");
        await GetAsync("/legal", "br");
        var (response, body) = await GetAsync("/legal", "gzip");
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("中华人民共和国个人信息保护法", Decode(body, "gzip"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compressed_guide_page_is_under_10_KB()
    {
        foreach (var slug in Repo.GuideSlugs)
        {
            var (response, body) = await GetAsync($"/guides/{slug}", "br");
            Assert.Equal(new MediaTypeHeaderValue("text/html") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
            // Sources, footnotes and evidence badges added about 2 KB to the largest guides.
            Assert.True(body.Length < 14 * 1024, $"{slug}: {body.Length} bytes as br");
        }
    }
}
