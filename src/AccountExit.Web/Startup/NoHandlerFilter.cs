using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccountExit.Web.Startup;

/// <summary>
/// Razor Pages renders a page even when no handler matches the request's method (a PUT to a page that only has
/// OnGet), with its model never loaded. Such a request gets 405 instead, decided among the authorization filters
/// and before the antiforgery check (which would answer 400 for a token that only a form's handler needs).
/// </summary>
public sealed class NoHandlerFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before Razor Pages' automatic antiforgery validation (order 1000).</summary>
    public int Order => -1000;

    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var method = context.HttpContext.Request.Method;
        // A status page or the error page re-executed for a POST keeps the POST: that is not the client's doing.
        var reExecuted = context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)
            && context.ActionDescriptor is CompiledPageActionDescriptor page
            && !page.HandlerMethods.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase)))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
        return Task.CompletedTask;
    }
}
