using System.Net;
using AccountExit.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Security;

/// <summary>Security headers on every kind of response, rate limits, forwarded headers, size limits, health and errors.</summary>
public sealed class ProtectionTests : IDisposable
{
    private readonly ThrowingSite _site = new(new Dictionary<string, string>
    {
        ["AccountExit:Protection:SearchPerMinute"] = "5",
        ["AccountExit:Protection:AnonymousPostsPerMinute"] = "8",
    });

    public void Dispose() => _site.Dispose();

    private HttpClient Https() => _site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
    });

    public static TheoryData<string, string, int> EveryKindOfResponse() => new()
    {
        { "GET", "/", 200 },
        { "GET", "/guides/wechat", 200 },
        { "GET", "/guides/wechat/history", 200 },
        { "GET", "/legal", 200 },
        { "GET", "/about", 200 },
        { "GET", "/search?q=wx", 200 },
        { "GET", "/api/search?q=wx", 200 },
        { "GET", "/api/guides", 200 },
        { "GET", "/api/guides/qq", 200 },
        { "GET", "/api/guides/none", 404 },
        { "GET", "/healthz", 200 },
        { "GET", "/readyz", 200 },
        { "GET", "/favicon.svg", 200 },
        { "GET", "/no/such/page", 404 },
        { "GET", "/editor", 302 },
        { "GET", "/editor/login", 200 },
        { "POST", "/editor/login", 400 },
        { "DELETE", "/guides/wechat", 405 },
        { "POST", "/api/guides", 405 },
        { "HEAD", "/", 200 },
        { "GET", "/css/site.css", 200 },
        { "GET", "/en/no/such/page", 404 },
        { "GET", "/guides/no-such-guide", 404 },
        { "GET", "/language/en?to=/about", 302 },
        { "POST", "/guides/wechat/report", 400 },
        { "GET", "/boom", 500 },
    };

    /// <summary>What the site answers over plain HTTP (behind a proxy that ends TLS, or a mistyped URL), the editor's refusal included.</summary>
    public static TheoryData<string, string> PlainHttpResponses() => new()
    {
        { "GET", "/editor" },
        { "GET", "/editor/login" },
        { "POST", "/editor/login" },
        { "GET", "/" },
        { "GET", "/no/such/page" },
        { "GET", "/css/site.css" },
        { "GET", "/healthz" },
        { "GET", "/boom" },
    };

    [Theory]
    [MemberData(nameof(EveryKindOfResponse))]
    public async Task Every_response_carries_the_security_headers(string method, string url, int status)
    {
        using var client = Https();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(status, (int)response.StatusCode);
        AssertHeaders(response, $"{method} {url} ({(int)response.StatusCode})");
    }

    [Theory]
    [MemberData(nameof(PlainHttpResponses))]
    public async Task Plain_http_responses_carry_them_too(string method, string url)
    {
        using var client = _site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://localhost"),
            AllowAutoRedirect = false,
        });
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        if (url.StartsWith("/editor", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("HTTPS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // HSTS is only ever sent over HTTPS (a browser ignores it otherwise); everything else is the same.
        AssertHeaders(response, $"http {method} {url} ({(int)response.StatusCode})", https: false);
    }

    [Fact]
    public async Task The_redirect_of_an_english_first_visit_carries_them()
    {
        using var client = Https();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertHeaders(response, "language redirect");
    }

    [Fact]
    public async Task A_cached_page_served_again_carries_them()
    {
        using var client = Https();
        await client.GetAsync("/about");
        var again = await client.GetAsync("/about");
        Assert.True(again.Headers.Age.HasValue, "the second /about is a cache hit");
        AssertHeaders(again, "cached /about");
    }

    [Fact]
    public async Task A_rate_limited_response_carries_them_too_with_retry_after()
    {
        using var client = Https();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync($"/api/search?q=limit{i}");
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        AssertHeaders(limited, "429");
    }

    private static void AssertHeaders(HttpResponseMessage response, string what, bool https = true)
    {
        var csp = string.Join(";", response.Headers.TryGetValues("Content-Security-Policy", out var v) ? v : []);
        foreach (var directive in new[] { "default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'" })
        {
            Assert.True(csp.Contains(directive, StringComparison.Ordinal), $"{what}: CSP lacks {directive}");
        }
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.False(string.IsNullOrEmpty(Single(response, "Referrer-Policy")), what);
        Assert.False(string.IsNullOrEmpty(Single(response, "Permissions-Policy")), what);
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        if (!https)
        {
            Assert.False(response.Headers.Contains("Server"), what);
            return;
        }
        var hsts = Single(response, "Strict-Transport-Security");
        Assert.True(hsts.Contains("max-age=31536000", StringComparison.Ordinal), $"{what}: HSTS '{hsts}'");
        Assert.False(response.Headers.Contains("Server"), what);
    }

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [Fact]
    public async Task Anonymous_posts_are_rate_limited_per_client()
    {
        using var client = Https();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.PostAsync("/editor/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" }))).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("127.0.0.1", false)]
    public async Task X_forwarded_for_names_the_client_only_when_it_comes_from_a_trusted_proxy(string? trustedProxy, bool limited)
    {
        // Over a real socket: the connection's own address is what a forged header must not override.
        var settings = new Dictionary<string, string> { ["AccountExit:Protection:SearchPerMinute"] = "5" };
        if (trustedProxy is not null)
        {
            settings["AccountExit:Protection:TrustedProxies:0"] = trustedProxy;
        }
        using var site = new SiteFactory(Repo.Content, settings: settings);
        site.UseKestrel(0);
        site.StartServer();
        var address = site.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var got429 = false;
        for (var i = 0; i < 10 && !got429; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/search?q=xff{i}");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            got429 = (await client.SendAsync(request)).StatusCode == HttpStatusCode.TooManyRequests;
        }
        Assert.Equal(limited, got429);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_not_read()
    {
        using var client = Https();
        var huge = new string('a', 2 * 1024 * 1024);
        var response = await client.PostAsync("/editor/login", new StringContent("Input.Email=" + huge, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Health_and_readiness_report_the_database_and_the_content()
    {
        using var client = Https();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        using var ready = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/readyz"));
        Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        var checks = ready.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["content"]);
    }

    [Fact]
    public async Task A_crash_shows_a_generic_error_page_with_no_stack_trace()
    {
        using var client = Https();
        var response = await client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("出错了", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", body, StringComparison.Ordinal);
    }

    /// <summary>The real site plus one endpoint that throws, to see what a crash looks like from outside.</summary>
    private sealed class ThrowingSite(IReadOnlyDictionary<string, string> settings) : SiteFactory(Repo.Content, settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, Boom>());
        }

        private sealed class Boom : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Map("/boom", b => b.Run(_ => throw new InvalidOperationException("secret detail")));
            };
        }
    }
}
