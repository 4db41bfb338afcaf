using AccountExit.Web.Data;

namespace AccountExit.Web.Search;

/// <summary>
/// Loads the name catalog, and with it jieba's dictionary, once the site has started: otherwise the first search after
/// a start waits about a second for them. It runs after the start, so it never delays the first page.
/// </summary>
public sealed partial class SearchWarmup(IHostApplicationLifetime lifetime, IServiceScopeFactory scopes, SearchIndex search, ILogger<SearchWarmup> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await search.WarmAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only a head start: the first search loads what is missing, and reports what fails.
            LogFailed(log, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search warm-up failed; the first search will load the name catalog itself")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
