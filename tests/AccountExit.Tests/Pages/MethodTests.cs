using System.Net;
using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Pages;

/// <summary>A page that cannot take a method says so (405), before any antiforgery check that only a form's own handler needs.</summary>
[Collection("site")]
public sealed class MethodTests(SiteFixture site)
{
    [Theory]
    [InlineData("DELETE", "/guides/wechat")]
    [InlineData("PUT", "/guides/wechat")]
    [InlineData("PATCH", "/legal")]
    [InlineData("DELETE", "/")]
    [InlineData("POST", "/guides/wechat")]
    [InlineData("DELETE", "/guides/wechat/report")]
    public async Task A_method_a_page_has_no_handler_for_gets_405(string method, string url)
    {
        using var response = await site.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_still_refused_with_400()
    {
        using var response = await site.Client.PostAsync("/guides/wechat/report", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
