using System.Diagnostics.Metrics;
using AccountExit.Web.Data;
using AccountExit.Web.Startup;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Search;

/// <summary>
/// Loads the name catalog, and with it jieba's dictionary, once the site has answered its first request (or has had
/// none for <see cref="AccountExitOptions.SearchWarmUpSeconds"/>): otherwise the first search after a start waits about a second for them. Not sooner:
/// built beside the first request, the catalog's second of allocation slowed that request by a quarter of a second on
/// two cores. A first request that is a search loads the catalog itself, as it would without a warm-up.
/// </summary>
public sealed partial class SearchWarmup(
    IHostApplicationLifetime lifetime, IOptions<AccountExitOptions> options, IMeterFactory meters, IServiceScopeFactory scopes, SearchIndex search, ILogger<SearchWarmup> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        using (var answered = FirstRequestListener(meters))
        {
            await started.Task;
            await Task.WhenAny(answered.Done, Task.Delay(TimeSpan.FromSeconds(options.Value.SearchWarmUpSeconds), stoppingToken));
            stoppingToken.ThrowIfCancellationRequested();
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

    /// <summary>
    /// Completes when ASP.NET Core's hosting layer records its first request duration (the response has been sent).
    /// A meter listener costs nothing once disposed, unlike a middleware, which would run on every request. It hears
    /// every meter in the process, so it keeps to the ones this host's meter factory made: two hosts in one process
    /// (the tests) would otherwise warm each other up.
    /// </summary>
    private static FirstRequest FirstRequestListener(IMeterFactory meters)
    {
        var first = new FirstRequest();
        first.Listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Hosting", Name: "http.server.request.duration" }
                && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        first.Listener.SetMeasurementEventCallback<double>((_, _, _, _) => first.Answered.TrySetResult());
        first.Listener.Start();
        return first;
    }

    private sealed class FirstRequest : IDisposable
    {
        public MeterListener Listener { get; } = new();
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Done => Answered.Task;
        public void Dispose() => Listener.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search warm-up failed; the first search will load the name catalog itself")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
