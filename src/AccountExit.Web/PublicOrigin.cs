using System.ComponentModel.DataAnnotations;
using AccountExit.Web.Startup;
using Microsoft.Extensions.Options;

namespace AccountExit.Web;

/// <summary>
/// The scheme and host of absolute URLs in documents other sites keep (sitemap, feeds, OpenSearch, the API's links):
/// <c>AccountExit:PublicOrigin</c> when set, otherwise the request's own. The request's Host header is the client's
/// word, so production sets the setting (docs/operations.md).
/// </summary>
public static class PublicOrigin
{
    /// <summary><c>https://host</c> or <c>https://host:port</c>, without a trailing slash.</summary>
    public static string Of(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AccountExitOptions>>().Value.PublicOrigin is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{context.Request.Scheme}://{(context.Request.Host.HasValue ? context.Request.Host.ToUriComponent() : "localhost")}";

    /// <summary>A site path (starting with <c>/</c>) as an absolute URL.</summary>
    public static string Url(HttpContext context, string path) => Of(context) + path;

    /// <summary>Only an http or https origin: no path, query, fragment or user name, so a typo fails at start, not in a crawler.</summary>
    public static ValidationResult? Validate(string? value, ValidationContext _)
    {
        if (string.IsNullOrEmpty(value))
        {
            return ValidationResult.Success;
        }
        var valid = Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            && !value.EndsWith("//", StringComparison.Ordinal);
        return valid
            ? ValidationResult.Success
            : new ValidationResult(
                $"AccountExit:PublicOrigin (env AccountExit__PublicOrigin) must be an origin such as https://accountexit.example, not '{value}'.",
                [nameof(AccountExitOptions.PublicOrigin)]);
    }
}
