using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AccountExit.Web.Caching;

/// <summary>
/// The hit path: the finished bytes and headers of public pages, answered from the first middleware. A page is read
/// millions of times between two publishes, and the output cache, behind the security headers, the validators, the
/// language choice and compression, rebuilds every response's headers on each hit. Here a response is kept exactly as
/// it left the server the first time (security headers, <c>ETag</c>, <c>Vary</c> and <c>Cache-Control</c> included), keyed
/// by what it was chosen by (scheme, host, path, the encoding compression picks), and written again as it is. URLs with
/// a query string are left to the output cache.
/// <para>
/// An entry holds only while the content it was rendered from is current: it remembers the
/// <see cref="ContentVersions.Snapshot"/> in force when its request began, and any eviction (<see cref="SiteCache.EvictAsync"/>)
/// publishes a new snapshot, which retires every entry at once; the output cache behind refills them at the cost of one
/// miss each. Entries also expire with the output cache's lifetime. A request with credentials (a cookie other than the
/// language choice, an Authorization header), from another origin (CORS answers differ) or for <c>/</c> that would be
/// redirected to English is never answered here, and only a plain 200 without a cookie is ever kept.
/// </para>
/// </summary>
public sealed class HotPages(ContentVersions versions, TimeSpan lifetime, long capacityBytes)
{
    private readonly ConcurrentDictionary<string, string> _encodings = new(StringComparer.Ordinal);
    private Generation _generation = new(null);
    private long _hits;

    /// <summary>Responses written from here since the start (a 304 counts too).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many responses are kept now (those of an outdated snapshot are counted until the next store drops them).</summary>
    public int Count => Volatile.Read(ref _generation).Entries.Count;

    /// <param name="BornAt">When the page was rendered (<see cref="Environment.TickCount64"/>), for its <c>Age</c>.</param>
    /// <summary>The largest response kept: a guide page is tens of kilobytes; the export is for the output cache.</summary>
    private const long MaxEntryBytes = 2 * 1024 * 1024;

    private sealed record Entry(KeyValuePair<string, StringValues>[] Headers, byte[] Body, string ETag, long BornAt, long ExpiresAt);

    /// <summary>"0" to "1200": a hit's <c>Age</c> without a new string.</summary>
    private static readonly string[] Ages = Enumerable.Range(0, 1201).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Every entry of one snapshot; a new snapshot starts an empty one, so retired entries are dropped all together.</summary>
    private sealed class Generation(ContentVersions.Snapshot? snapshot)
    {
        public ContentVersions.Snapshot? Snapshot { get; } = snapshot;
        public ConcurrentDictionary<(string Host, string Path, string Encoding, bool Https), Entry> Entries { get; } = new();
        public long Bytes;
    }

    /// <summary>Headers a kept response does not repeat: the server writes them for each response.</summary>
    private static readonly HashSet<string> PerResponse = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Age, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.Connection, HeaderNames.KeepAlive,
    };

    /// <summary>Not sent with a 304: it has no body.</summary>
    private static readonly HashSet<string> BodyOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.ContentType, HeaderNames.ContentEncoding, HeaderNames.ContentLength,
    };

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var isHead = HttpMethods.IsHead(request.Method);
        // A query (a search, a filter) is left to the output cache, which keys it by the page's own query keys: the
        // hot set is the site's pages, which traffic cannot grow, not every query string readers type.
        if (!(isHead || HttpMethods.IsGet(request.Method)) || request.QueryString.HasValue || SiteCache.IsPrivate(context) || request.Headers.Origin.Count > 0
            || (request.Path.Value == "/" && !request.Cookies.ContainsKey(Startup.LanguageSetup.CookieName) && Startup.LanguageSetup.PrefersEnglish(request)))
        {
            return next(context);
        }
        var key = (request.Headers.Host.ToString(), request.Path.Value ?? "/", Encoding(context), request.IsHttps);
        var generation = Volatile.Read(ref _generation);
        if (generation.Snapshot is { } snapshot && ReferenceEquals(snapshot, versions.Current)
            && generation.Entries.TryGetValue(key, out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            Interlocked.Increment(ref _hits);
            return WriteAsync(context, entry, isHead);
        }
        // Only a public page is worth a copy (not an asset, a 404 or a page of the editor).
        return isHead || versions.Current is not { } current || PublicPages.Describe(context, current) is null
            ? next(context)
            : MissAsync(context, next, key, current);
    }

    /// <summary>br, gzip or identity, as <see cref="PublicPagePolicy.NormalisedEncoding"/> decides, remembered per header value.</summary>
    private string Encoding(HttpContext context)
    {
        var header = context.Request.Headers.AcceptEncoding.ToString();
        if (_encodings.TryGetValue(header, out var known))
        {
            return known;
        }
        var encoding = PublicPagePolicy.NormalisedEncoding(context);
        // Bounded: a client inventing header values must not grow this without end.
        if (_encodings.Count < 256)
        {
            _encodings.TryAdd(header, encoding);
        }
        return encoding;
    }

    private static Task WriteAsync(HttpContext context, Entry entry, bool isHead)
    {
        var response = context.Response;
        var notModified = IsNotModified(context.Request.Headers.IfNoneMatch, entry.ETag);
        response.StatusCode = notModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;
        var headers = response.Headers;
        foreach (var (name, value) in entry.Headers)
        {
            if (!notModified || !BodyOnly.Contains(name))
            {
                headers[name] = value;
            }
        }
        // As a shared cache does: how long ago the page was rendered, so a proxy in front knows how fresh it is.
        var age = (Environment.TickCount64 - entry.BornAt) / 1000;
        headers.Age = age < Ages.Length ? Ages[age] : age.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (notModified)
        {
            return Task.CompletedTask;
        }
        response.ContentLength = entry.Body.Length;
        return isHead ? Task.CompletedTask : response.Body.WriteAsync(entry.Body, 0, entry.Body.Length, context.RequestAborted);
    }

    private static bool IsNotModified(StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }
        if (ifNoneMatch.Count == 1 && string.Equals(ifNoneMatch[0], etag, StringComparison.Ordinal))
        {
            return true;
        }
        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) && EntityTagHeaderValue.TryParse(etag, out var own)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(own, useStrongComparison: false));
    }

    /// <summary>Runs the pipeline, keeping a copy of what it writes, and keeps the response if it is a public page's plain 200.</summary>
    private async Task MissAsync(HttpContext context, RequestDelegate next, (string, string, string, bool) key, ContentVersions.Snapshot snapshot)
    {
        var bodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var copy = new CopyingStream(bodyFeature.Stream, Math.Min(capacityBytes, MaxEntryBytes));
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(copy, bodyFeature));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(bodyFeature);
        }
        var response = context.Response;
        if (copy.Overflowed || context.RequestAborted.IsCancellationRequested
            || response.StatusCode != StatusCodes.Status200OK || context.Features.Get<PublicPage>() is null
            || response.Headers.SetCookie.Count > 0 || response.Headers.ETag.Count != 1
            || (response.ContentLength is { } length && length != copy.Length))
        {
            return;
        }
        var headers = response.Headers.Where(h => !PerResponse.Contains(h.Key)).ToArray();
        var now = Environment.TickCount64;
        // Kept from an output cache hit, the page is as old as that entry.
        var bornAt = long.TryParse(response.Headers.Age.ToString(), out var seconds) && seconds >= 0 ? now - (seconds * 1000) : now;
        Store(snapshot, key, new Entry(headers, copy.ToArray(), response.Headers.ETag[0]!, bornAt, now + (long)lifetime.TotalMilliseconds));
    }

    private void Store(ContentVersions.Snapshot snapshot, (string, string, string, bool) key, Entry entry)
    {
        if (!ReferenceEquals(snapshot, versions.Current))
        {
            return;
        }
        var generation = Volatile.Read(ref _generation);
        if (!ReferenceEquals(generation.Snapshot, snapshot))
        {
            var fresh = new Generation(snapshot);
            generation = Interlocked.CompareExchange(ref _generation, fresh, generation) == generation ? fresh : Volatile.Read(ref _generation);
            if (!ReferenceEquals(generation.Snapshot, snapshot))
            {
                return;
            }
        }
        var size = entry.Body.Length + 1024;
        // Full: keep what is kept (the output cache behind still answers the rest) until the next snapshot empties it.
        if (Interlocked.Add(ref generation.Bytes, size) > capacityBytes)
        {
            Interlocked.Add(ref generation.Bytes, -size);
            return;
        }
        // Two misses of the same page for the same snapshot rendered the same page: the first one kept stays.
        if (!generation.Entries.TryAdd(key, entry))
        {
            Interlocked.Add(ref generation.Bytes, -size);
        }
    }

    /// <summary>Passes every write through and keeps a copy, up to a limit past which the response is not kept.</summary>
    private sealed class CopyingStream(Stream inner, long limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public bool Overflowed { get; private set; }

        public override long Length => _copy.Length;

        public byte[] ToArray() => _copy.ToArray();

        private void Keep(ReadOnlySpan<byte> buffer)
        {
            if (Overflowed)
            {
                return;
            }
            if (_copy.Length + buffer.Length > limit)
            {
                Overflowed = true;
                _copy.SetLength(0);
                return;
            }
            _copy.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Keep(buffer.AsSpan(offset, count));
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Keep(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => _copy.Length; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
