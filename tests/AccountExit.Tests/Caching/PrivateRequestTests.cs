using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Caching;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountExit.Tests.Caching;

/// <summary>
/// Pages for signed-in editors are never cached, by the server or by browsers and CDNs. Real editors always carry a
/// cookie (see Editing tests); this private site also proves the policy's own check of a signed-in user, with a
/// test-only scheme: a request with <c>X-Test-Editor</c> is signed in without any cookie.
/// </summary>
public sealed class PrivateRequestTests : IDisposable
{
    private readonly SignedInSiteFactory _site = new(Repo.Content);
    private readonly HttpClient _client;

    public PrivateRequestTests() => _client = _site.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _site.Dispose();
    }

    private Task<HttpResponseMessage> GetAsEditorAsync(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(EditorAuthentication.Header, "editor");
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task A_signed_in_editor_always_sees_the_database_and_gets_no_store()
    {
        await _client.GetStringAsync("/guides/jd");
        await _client.GetStringAsync("/guides/jd");
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDb>().Guides.Where(g => g.Slug == "jd")
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.BodyHtml, g => g.BodyHtml + "<p>草稿预览</p>"));
        }

        var editor = await GetAsEditorAsync("/guides/jd");
        Assert.Contains("草稿预览", await editor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(editor.Headers.CacheControl?.NoStore);
        Assert.Null(editor.Headers.ETag);
        Assert.False(editor.Headers.Age.HasValue);

        // What the editor saw was not stored for readers, and readers still get the cached page.
        var reader = await _client.GetAsync("/guides/jd");
        Assert.True(reader.Headers.Age.HasValue);
        Assert.DoesNotContain("草稿预览", await reader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_editor_requests_are_both_rendered_afresh()
    {
        await GetAsEditorAsync("/legal");
        var second = await GetAsEditorAsync("/legal");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.Headers.Age.HasValue);
        Assert.True(second.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_request_with_a_cookie_is_kept_out_of_the_cache_even_before_anyone_signs_in()
    {
        await _client.GetStringAsync("/about");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/about");
        request.Headers.Add("Cookie", ".AspNetCore.Identity.Application=editor-session");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Age.HasValue);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_language_choice_cookie_alone_still_gets_the_cached_page()
    {
        await _client.GetStringAsync("/en/about");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/en/about");
        request.Headers.Add("Cookie", "lang=en");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Age.HasValue);

        using var withSession = new HttpRequestMessage(HttpMethod.Get, "/en/about");
        withSession.Headers.Add("Cookie", "lang=en; .AspNetCore.Identity.Application=editor-session");
        var privateResponse = await _client.SendAsync(withSession);
        Assert.False(privateResponse.Headers.Age.HasValue);
        Assert.True(privateResponse.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_signed_in_editor_gets_the_stylesheet_with_its_own_cache_header_not_no_store()
    {
        var page = await (await GetAsEditorAsync("/about")).Content.ReadAsStringAsync();
        var css = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/css/site\\.[^\"]+\\.css)\"").Groups[1].Value;
        Assert.NotEmpty(css);
        var response = await GetAsEditorAsync(css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // MapStaticAssets' header (immutable when published; no-cache from the build output the tests use), not ours.
        Assert.NotNull(response.Headers.CacheControl);
        Assert.False(response.Headers.CacheControl.NoStore);
    }

    [Fact]
    public async Task Anything_under_editor_gets_no_store_even_for_anonymous_requests()
    {
        var response = await _client.GetAsync("/editor/guides/wechat");
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Null(response.Headers.ETag);
    }

    [Theory]
    [InlineData("/editor", false)]
    [InlineData("/Editor/guides/wechat/edit", false)]
    [InlineData("/guides/wechat", true)]
    public async Task The_policy_refuses_editor_paths_even_if_one_were_described_as_public(string path, bool cacheable)
    {
        var context = new DefaultHttpContext { RequestServices = _site.Services };
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Features.Set(new PublicPage([SiteCache.GuideTag("wechat")], [], new("\"x\"", isWeak: true)));
        var cache = new OutputCacheContext { HttpContext = context };

        await ((IOutputCachePolicy)new PublicPagePolicy(TimeSpan.FromMinutes(1))).CacheRequestAsync(cache, CancellationToken.None);

        Assert.Equal(cacheable, cache.EnableOutputCaching);
        Assert.Equal(cacheable, cache.AllowCacheStorage);
    }

    [Fact]
    public async Task The_policy_refuses_a_signed_in_user()
    {
        var context = new DefaultHttpContext { RequestServices = _site.Services };
        context.Request.Method = "GET";
        context.Request.Path = "/guides/wechat";
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "editor")], "Test"));
        context.Features.Set(new PublicPage([SiteCache.GuideTag("wechat")], [], new("\"x\"", isWeak: true)));
        var cache = new OutputCacheContext { HttpContext = context };

        await ((IOutputCachePolicy)new PublicPagePolicy(TimeSpan.FromMinutes(1))).CacheRequestAsync(cache, CancellationToken.None);

        Assert.False(cache.EnableOutputCaching);
        Assert.False(cache.AllowCacheLookup);
    }

    private sealed class SignedInSiteFactory(string content) : SiteFactory(content)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddAuthentication(EditorAuthentication.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, EditorAuthentication>(EditorAuthentication.SchemeName, _ => { });
                // Identity names its cookie as the default; this private site signs in by header instead.
                services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = EditorAuthentication.SchemeName);
                services.AddTransient<IStartupFilter, AuthenticateFirst>();
            });
        }
    }

    /// <summary>Authentication before the app's own pipeline, as the editor issue will place it (before caching).</summary>
    private sealed class AuthenticateFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseAuthentication();
            next(app);
        };
    }

    private sealed class EditorAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestEditor";
        public const string Header = "X-Test-Editor";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var name))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
