// bench/saver: dotnet Saver.dll --base https://127.0.0.1:PORT --email E --slugs S1,S1,S2 --rate 10 --seconds 60
// (password on stdin). Signs in, then saves guides through their edit forms ("Save and publish") at about --rate saves
// a second from concurrent tabs, one per slug listed, each on the revision it last saw; a conflict page is answered by
// saving again on the base it shows. Prints one summary line and exits 1 on any response other than a save (302) or a
// conflict page (200 with .conflict), or on any error.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using AccountExit.Tests.Infrastructure;

var options = Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i].TrimStart('-'), i => args[2 * i + 1]);
var baseAddress = new Uri(options["base"]);
// One tab per slug listed (a slug may repeat: two tabs on one guide race each other).
var slugs = options.GetValueOrDefault("slugs", "wechat").Split(',');
var rate = double.Parse(options.GetValueOrDefault("rate", "10"), CultureInfo.InvariantCulture);
var seconds = double.Parse(options.GetValueOrDefault("seconds", "60"), CultureInfo.InvariantCulture);
var password = Console.In.ReadLine() ?? throw new InvalidOperationException("the password is read from stdin");

// Loopback only, with the throwaway certificate load.sh made: any certificate is accepted, but only from 127.0.0.1.
using var client = new HttpClient(new SocketsHttpHandler
{
    AllowAutoRedirect = false,
    SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)) },
})
{ BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

var login = await client.OpenAsync("/editor/login");
var signedIn = await client.SubmitAsync(login, "form button[type=submit]", new Dictionary<string, string>
{
    ["Input.Email"] = options["email"],
    ["Input.Password"] = password,
});
if (signedIn.Status != HttpStatusCode.Redirect)
{
    Console.Error.WriteLine($"sign-in failed: {(int)signedIn.Status}");
    return 1;
}

int saved = 0, conflicts = 0, other = 0, errors = 0, dropped = 0;
long slowestTicks = 0;
var clock = Stopwatch.StartNew();
// A ticket every 1/rate s; a few workers (like editor tabs, each on the revision it last saw) take them. A ticket no
// worker is free for is dropped and counted, so the achieved rate is reported honestly.
var tickets = Channel.CreateBounded<int>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
var workers = slugs.Select(async slug =>
{
    Forms.Page? conflictPage = null;
    await foreach (var i in tickets.Reader.ReadAllAsync())
    {
        var started = clock.Elapsed;
        try
        {
            var page = conflictPage ?? await client.OpenAsync($"/editor/guides/{slug}/edit");
            var result = await client.SubmitAsync(page, "button[formaction$='publish=true']", new Dictionary<string, string>
            {
                ["Note"] = $"load {i}",
            });
            conflictPage = null;
            if (result.Status == HttpStatusCode.Redirect)
            {
                Interlocked.Increment(ref saved);
            }
            else if (result.Status == HttpStatusCode.OK && result.Document.QuerySelector(".conflict") is not null)
            {
                Interlocked.Increment(ref conflicts);
                conflictPage = result;
            }
            else
            {
                Interlocked.Increment(ref other);
                await Console.Error.WriteLineAsync($"save {i}: {(int)result.Status}");
            }
        }
        catch (HttpRequestException e)
        {
            Interlocked.Increment(ref errors);
            await Console.Error.WriteLineAsync($"save {i}: {e.Message}");
        }
        var took = (clock.Elapsed - started).Ticks;
        InterlockedMax(ref slowestTicks, took);
    }
}).ToList();

using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / rate)))
{
    for (var i = 0; clock.Elapsed.TotalSeconds < seconds && await timer.WaitForNextTickAsync(); i++)
    {
        if (!tickets.Writer.TryWrite(i))
        {
            dropped++;
        }
    }
}
tickets.Writer.Complete();
await Task.WhenAll(workers);
var slowest = TimeSpan.FromTicks(slowestTicks);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"saves: {saved} acknowledged, {conflicts} conflicts, {other} other responses, {errors} errors in {clock.Elapsed.TotalSeconds:F0} s ({saved / clock.Elapsed.TotalSeconds:F1}/s), {dropped} ticks dropped (all workers busy), slowest {slowest.TotalMilliseconds:F0} ms"));
return other + errors == 0 ? 0 : 1;

static void InterlockedMax(ref long target, long value)
{
    for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
    {
        if (Interlocked.CompareExchange(ref target, value, current) == current)
        {
            return;
        }
    }
}
