using System.Net;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace AccountExit.Web.Startup;

/// <summary>
/// When the database cannot answer (PostgreSQL down or restarting, SQLite busy past its timeout), a request that needs
/// it gets a 503 that says so: a short page in the reader's language (both languages in the editor, whose change was
/// not saved), or an RFC 7807 problem on <c>/api</c>; with <c>Retry-After</c>, never cached. It is written here and not
/// by a Razor page, because the layout, the sign-in check and the error page may each need the database that is gone.
/// Cached public pages never get here: the hit path and the output cache answer without the database. Nothing is
/// kept between requests, so the first request after the database is back is served normally.
/// </summary>
public sealed partial class DatabaseUnavailable(ILogger<DatabaseUnavailable> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DbErrors.IsUnavailable(exception))
        {
            return false;
        }
        var request = httpContext.Request;
        // The exception handler has already pointed the request at its error path: the failed URL is in its feature.
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? request.Path.Value);
        LogUnavailable(logger, request.Method, path, exception.GetBaseException().Message);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable",
                detail: $"The database is unavailable for a moment; nothing was changed. Try again after {RetryAfterSeconds} seconds (Retry-After).")
                .ExecuteAsync(httpContext);
            return true;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Page(path, request.Method), cancellationToken);
        return true;
    }

    /// <summary>A log event of a request (it has a RequestId) carrying an exception that says the database cannot answer.</summary>
    public static bool IsRepeatedInRequest(Serilog.Events.LogEvent e) =>
        e.Exception is { } exception && e.Properties.ContainsKey("RequestId") && DbErrors.IsUnavailable(exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: {Method} {Path} answered 503 ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string reason);

    private static string Page(PathString path, string method)
    {
        var language = UiLanguage.OfPath(path.Value);
        var editor = path.StartsWithSegments("/editor", StringComparison.OrdinalIgnoreCase);
        var unsaved = editor && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var zh = unsaved
            ? ("暂时无法保存", "数据库暂时无法访问，你的修改没有保存，也没有写入任何部分。请返回上一页（表单内容仍在浏览器里），约半分钟后再提交。")
            : ("暂时无法访问", "数据库暂时无法访问。请约半分钟后刷新本页；已经缓存的指南页面仍然可以阅读。");
        var en = unsaved
            ? ("Not saved", "The database is unavailable for a moment: your change was not saved, and nothing of it was written. Go back (your browser keeps the form) and submit again in about half a minute.")
            : ("Temporarily unavailable", "The database is unavailable for a moment. Reload this page in about half a minute; guide pages already cached can still be read.");
        // The editor works in Chinese, but its message is the one that must not be misread: both languages there.
        var blocks = editor ? [("zh-Hans", zh), ("en", en)] : new[] { language.IsEnglish ? ("en", en) : ("zh-Hans", zh) };
        var lang = editor || !language.IsEnglish ? "zh-Hans" : "en";
        var body = string.Concat(blocks.Select(b =>
            $"<section lang=\"{b.Item1}\"><h1>{WebUtility.HtmlEncode(b.Item2.Item1)}</h1><p>{WebUtility.HtmlEncode(b.Item2.Item2)}</p></section>"));
        var home = editor ? "/editor" : language.Href("/");
        var back = language.IsEnglish && !editor ? "Home" : "返回首页";
        return $"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<meta name=\"robots\" content=\"noindex\"><link rel=\"stylesheet\" href=\"/css/site.css\"><title>{WebUtility.HtmlEncode(blocks[0].Item2.Item1)} · AccountExit</title></head>" +
            $"<body><main>{body}<p><a href=\"{home}\">{back}</a></p></main></body></html>";
    }
}
