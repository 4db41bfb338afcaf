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

    public static TheoryData<string, string> EveryKindOfResponse() => new()
    {
        { "GET", "/" },
        { "GET", "/guides/wechat" },
        { "GET", "/guides/wechat/history" },
        { "GET", "/legal" },
        { "GET", "/about" },
        { "GET", "/search?q=wx" },
        { "GET", "/api/search?q=wx" },
        { "GET", "/api/guides" },
        { "GET", "/api/guides/qq" },
        { "GET", "/api/guides/none" },
        { "GET", "/healthz" },
        { "GET", "/readyz" },
        { "GET", "/favicon.svg" },
        { "GET", "/no/such/page" },
        { "GET", "/editor" },
        { "GET", "/editor/login" },
        { "POST", "/editor/login" },
        { "DELETE", "/guides/wechat" },
        { "GET", "/boom" },
    };

    [Theory]
    [MemberData(nameof(EveryKindOfResponse))]
    public async Task Every_response_carries_the_security_headers(string method, string url)
    {
        using var client = Https();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        AssertHeaders(response, $"{method} {url} ({(int)response.StatusCode})");
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

    private static void AssertHeaders(HttpResponseMessage response, string what)
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
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
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
