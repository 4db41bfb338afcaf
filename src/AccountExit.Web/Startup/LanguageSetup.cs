using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace AccountExit.Web.Startup;

/// <summary>
/// Two interface languages chosen by URL (Chinese at <c>/…</c>, English at <c>/en/…</c>): every public page answers at
/// both, the request's culture follows the path, and only the bare home page <c>/</c> looks at
/// <c>Accept-Language</c>, to send an English-preferring first visit to <c>/en</c>.
/// </summary>
public static class LanguageSetup
{
    /// <summary>Set when a reader picks a language with the switch; after that <c>/</c> no longer redirects.</summary>
    public const string CookieName = "lang";

    public static WebApplicationBuilder AddAccountExitLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new EnglishRoutes()));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = UiLanguage.All.Select(l => new CultureInfo(l.Code)).ToList();
            o.DefaultRequestCulture = new RequestCulture(UiLanguage.Chinese.Code);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CustomRequestCultureProvider(c =>
                Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(UiLanguage.Of(c).Code)))];
        });
        return builder;
    }

    /// <summary>Before the output cache: the home page's redirect depends on headers the cache does not vary on.</summary>
    public static WebApplication UseLanguageChoice(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.Value == "/" && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                context.Response.Headers.Append(HeaderNames.Vary, "Accept-Language");
                if (!request.Cookies.ContainsKey(CookieName) && PrefersEnglish(request))
                {
                    context.Response.Headers.CacheControl = "private, no-cache";
                    context.Response.Redirect(UiLanguage.English.Href("/") + request.QueryString);
                    return;
                }
            }
            await next(context);
        });
        // The switch: remember the choice, then go to the same page in that language (a local path only).
        app.MapGet("/language/{code}", (string code, string? to, HttpContext context) =>
        {
            var language = UiLanguage.All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));
            if (language is null)
            {
                return Results.NotFound();
            }
            context.Response.Cookies.Append(CookieName, language.Code, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, Secure = context.Request.IsHttps, IsEssential = true,
            });
            context.Response.Headers.CacheControl = "no-store";
            var path = to is { Length: > 0 } && to[0] == '/' && (to.Length == 1 || (to[1] != '/' && to[1] != '\\')) ? to : "/";
            return Results.LocalRedirect(language.Href(UiLanguage.Neutral(path)));
        });
        return app;
    }

    /// <summary>English when the reader ranks any English above every Chinese (no header: Chinese).</summary>
    public static bool PrefersEnglish(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var ranked))
        {
            return false;
        }
        double Best(string prefix) => ranked
            .Where(r => r.Value.Value is { } v && (v.Equals(prefix, StringComparison.OrdinalIgnoreCase) || v.StartsWith(prefix + "-", StringComparison.OrdinalIgnoreCase)))
            .Select(r => r.Quality ?? 1).DefaultIfEmpty(0).Max();
        var english = Best("en");
        return english > 0 && english > Best("zh");
    }

    /// <summary>Every public page (not the editor) also answers under <c>/en</c>.</summary>
    private sealed class EnglishRoutes : IPageRouteModelConvention
    {
        public void Apply(PageRouteModel model)
        {
            if (model.ViewEnginePath.StartsWith("/Editor", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            foreach (var selector in model.Selectors.ToList())
            {
                if (selector.AttributeRouteModel?.Template is not { } template)
                {
                    continue;
                }
                model.Selectors.Add(new SelectorModel
                {
                    AttributeRouteModel = new AttributeRouteModel
                    {
                        Template = template.Length == 0 ? "en" : "en/" + template,
                        Order = selector.AttributeRouteModel.Order,
                        // Links generated by name stay on the Chinese URL; views build language URLs with UiLanguage.Href.
                        SuppressLinkGeneration = true,
                    },
                });
            }
        }
    }
}
