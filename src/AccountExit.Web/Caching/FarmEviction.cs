using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AccountExit.Web.Caching;

/// <summary>
/// Carries evictions across a farm of instances on one PostgreSQL database. <see cref="SiteCache.EvictAsync"/> evicts
/// here, then sends the same eviction as a <c>NOTIFY</c> on <see cref="ChannelName"/>; every instance <c>LISTEN</c>s on
/// a connection of its own and evicts it locally (its own notifications it has already acted on, so it skips them). A
/// burst of notifications (an import, many saves) becomes one eviction. The instance starts serving once it listens;
/// whenever listening restarts after that, everything is evicted: what was sent while nobody listened is lost. A lost
/// connection is reopened with backoff; meanwhile <c>/readyz</c> says unhealthy. Not registered on SQLite, which is one process.
/// </summary>
public sealed partial class FarmEviction(string connectionString, IServiceProvider services, ILogger<FarmEviction> log)
    : BackgroundService, IHealthCheck
{
    public const string ChannelName = "accountexit_evict";

    /// <summary>This instance's search, told of every notification and every change of listening (it may trust its last reading of the index generation only meanwhile).</summary>
    private Search.SearchIndex Search => services.GetRequiredService<Search.SearchIndex>();

    /// <summary>The listener's <c>application_name</c> in <c>pg_stat_activity</c>, followed by the instance's process id.</summary>
    public const string ApplicationName = "AccountExit eviction listener";

    /// <summary>PostgreSQL refuses payloads of 8000 bytes or more: a longer list of slugs is sent as "everything".</summary>
    private const int MaxPayloadBytes = 7900;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    /// <summary>What travels: the sending instance and the slugs it named; no slugs means everything.</summary>
    private sealed record Message(string From, string[]? Slugs);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _self = Guid.NewGuid().ToString("N");
    private readonly Channel<Message> _received = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _listening;
    private volatile bool _serving;

    /// <summary>How long the start waits for the first <c>LISTEN</c> before serving anyway.</summary>
    private static readonly TimeSpan FirstListenWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Tells every other instance to evict these guides (and whatever else changed), or everything (null). Not
    /// cancellable: the change is committed, so an editor closing the tab must not keep the others from hearing of it.
    /// </summary>
    public async Task NotifyAsync(IReadOnlyCollection<string>? slugs)
    {
        var payload = JsonSerializer.Serialize(new Message(_self, slugs?.ToArray()), Json);
        if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
        {
            payload = JsonSerializer.Serialize(new Message(_self, null), Json);
        }
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDb>().Database.ExecuteSqlAsync($"SELECT pg_notify({ChannelName}, {payload})");
        }
        catch (DbException e)
        {
            // The change is committed and evicted here; the others keep their copies until they expire or their
            // listener reconnects. Failing the request that committed it would only hide that it was saved.
            LogNotifyFailed(log, e.Message);
        }
    }

    /// <summary>Whether this instance hears the others' notifications now (then its search may trust its last reading of the index generation briefly).</summary>
    public bool IsListening => _listening;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_listening
            ? HealthCheckResult.Healthy("listening for other instances' evictions")
            : HealthCheckResult.Unhealthy("not listening for other instances' evictions: reconnecting to PostgreSQL"));

    /// <summary>
    /// Serving starts once this instance hears the others (hosted services start before the server), so nothing it
    /// caches can miss an eviction and its first listen has nothing to evict. If PostgreSQL does not answer in time it
    /// serves anyway, unready, and its first listen evicts everything like a reconnection.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        try
        {
            await _firstListen.Task.WaitAsync(FirstListenWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogListenerLate(log, FirstListenWait.TotalSeconds);
        }
        _serving = true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var evicting = EvictReceivedAsync(stoppingToken);
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException)
            {
                // A connection that was working is retried soon; a server that stays away, less and less often.
                retry = _listening ? FirstRetry : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
                _listening = false;
                Search.HeardOfChange();
                LogListenerLost(log, retry.TotalSeconds, e.Message);
            }
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _listening = false;
        _received.Writer.TryComplete();
        await evicting;
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = $"{ApplicationName} {Environment.ProcessId}",
            // One long-lived connection: a dead server or network is noticed by a keepalive query while waiting.
            Pooling = false,
            KeepAlive = 15,
        };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        connection.Notification += (_, e) => Receive(e.Payload);
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        _listening = true;
        // Whatever was sent while nobody listened is lost: this instance's search asks for the generation again.
        Search.HeardOfChange();
        LogListening(log);
        if (_serving)
        {
            _received.Writer.TryWrite(new Message("", null));
        }
        _firstListen.TrySetResult();
        while (true)
        {
            await connection.WaitAsync(ct);
        }
    }

    private void Receive(string payload)
    {
        // Any notification, even this instance's own or an unreadable one, may follow a search index write.
        Search.HeardOfChange();
        Message? message;
        try
        {
            message = JsonSerializer.Deserialize<Message>(payload, Json);
        }
        catch (JsonException)
        {
            message = null;
        }
        if (message?.From == _self)
        {
            return;
        }
        // Anything unreadable on the channel is taken as "everything": a needless eviction costs one miss per page.
        _received.Writer.TryWrite(message is { From: not null } ? message : new Message("", null));
    }

    private async Task EvictReceivedAsync(CancellationToken ct)
    {
        try
        {
            while (await _received.Reader.WaitToReadAsync(ct))
            {
                HashSet<string>? slugs = new(StringComparer.Ordinal);
                while (_received.Reader.TryRead(out var message))
                {
                    if (message.Slugs is null)
                    {
                        slugs = null;
                    }
                    slugs?.UnionWith(message.Slugs!);
                }
                await EvictAsync(slugs, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task EvictAsync(HashSet<string>? slugs, CancellationToken ct)
    {
        try
        {
            if (slugs is null)
            {
                await SiteCache.EvictEverythingHereAsync(services, ct);
                LogEvictedEverything(log);
            }
            else
            {
                await SiteCache.EvictHereAsync(services, slugs, ct);
                LogEvictedFor(log, slugs.Count == 0 ? "what changed" : string.Join(", ", slugs.Order(StringComparer.Ordinal)));
            }
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException)
        {
            // The database is unreachable: the listener's connection fails too, and its reconnection evicts everything.
            LogEvictionFailed(log, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other instances' evictions")]
    private static partial void LogListening(ILogger log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not yet listening for other instances' evictions after {Seconds} s: serving anyway, unready until it does")]
    private static partial void LogListenerLate(ILogger log, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted every cached page: listening restarted, or another instance asked")]
    private static partial void LogEvictedEverything(ILogger log);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted for another instance: {Guides}")]
    private static partial void LogEvictedFor(ILogger log, string guides);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Eviction listener lost its connection, retrying in {Seconds} s: {Problem}")]
    private static partial void LogListenerLost(ILogger log, double seconds, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the other instances to evict (they keep their copies until they expire): {Problem}")]
    private static partial void LogNotifyFailed(ILogger log, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not evict for another instance: {Problem}")]
    private static partial void LogEvictionFailed(ILogger log, string problem);
}
