using System.Net;
using System.Net.Sockets;
using System.Text;
using AccountExit.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AccountExit.Tests.Security;

/// <summary>
/// Ten thousand generated hostile requests against the running app over a real socket: malformed and oversized paths,
/// query strings, headers and bodies, forged or missing antiforgery tokens and cookies, wrong methods. None may get a
/// 5xx or show a stack trace. The generator is seeded, so a failure can be replayed.
/// </summary>
public sealed class HostileRequestsTests : IDisposable
{
    private const int Count = 10_000;
    private const int Seed = 20261129;

    private static readonly string[] Paths =
    [
        "/", "/guides/wechat", "/guides/qq/history", "/legal", "/about", "/search", "/api/search", "/api/guides", "/api/guides/jd",
        "/healthz", "/readyz", "/editor", "/editor/login", "/editor/logout", "/editor/guides/new", "/editor/guides/wechat/edit",
        "/editor/guides/wechat/history", "/editor/legal/pipl-47/edit", "/editor/users", "/editor/audit", "/not-found", "/error",
        "/css/site.css", "/favicon.svg", "/guides/", "/api/", "/guides/wechat/edit",
    ];

    private static readonly string[] Garbage =
    [
        "%", "%zz", "%00", "%C0%AF", "%FF%FE", "%E5%BE", "..", "../..", "%2e%2e%2f", "%2F", "\\", "'", "\"", "<script>", "*", "(", "NEAR(",
        "AND OR", "微信", "🙂", "\u0001", "a:b", "{{7*7}}", "${jndi:ldap://x}", "; DROP TABLE Guides;--", "||", "%0d%0aSet-Cookie:x=y",
    ];

    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"];

    private readonly SiteFactory _site;
    private readonly Uri _address;

    public HostileRequestsTests()
    {
        _site = new SiteFactory(Repo.Content, settings: new Dictionary<string, string>
        {
            // Ten thousand requests would fill the test log: request logging only for errors.
            ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Error",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Error",
            ["Serilog:MinimumLevel:Override:AccountExit"] = "Error",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Server.Kestrel"] = "Debug",
        });
        _site.UseKestrel(0);
        _site.StartServer();
        _address = new Uri(_site.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_and_no_stack_trace()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Raw UTF-8 in header values, as a hostile client would send them.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        }) { BaseAddress = _address };
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var random = new Random(Seed);
        var requests = Enumerable.Range(0, Count).Select(i => Generate(new Random(random.Next()), i)).ToList();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (make, ct) =>
        {
            using var request = make.Build();
            try
            {
                using var response = await client.SendAsync(request, ct);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                var body = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode >= 500 || body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add($"#{make.Index} {make.Describe()} → {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException) when (make.Body is not null || make.Url.Length > 32_000)
            {
                // The server may answer (400, 413, 414, 429) without reading all of a request it refuses, and close the
                // connection while the client is still sending it: a refusal, not a failure. A small request has no such excuse.
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"#{make.Index} {make.Describe()} → {ex.Message}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.Equal(Count, statuses.Values.Sum());
        // The run really exercised the refusals, not just pages.
        Assert.Contains(statuses.Keys, s => s is 400 or 404 or 405 or 413 or 429);
    }

    [Fact]
    public async Task Malformed_http_on_a_raw_socket_is_refused_with_a_4xx()
    {
        string[] raw =
        [
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n",
            "G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /editor/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nzz\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
            "GET /" + new string('a', 200_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        ];
        foreach (var text in raw)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(_address.Host, _address.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.Latin1.GetBytes(text));
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer);
            var answer = Encoding.Latin1.GetString(buffer, 0, read);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(answer, @"^HTTP/1\.1 4\d\d"), $"{text[..Math.Min(60, text.Length)]} → {answer[..Math.Min(200, answer.Length)]}");
        }
    }

    private sealed record Hostile(int Index, string Method, string Url, List<(string Name, string Value)> Headers, HttpContent? Body, bool Oversized)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Url) { Content = Body };
            // A refused body may leave its connection half-read and closed by the server: never reuse it for another request.
            request.Headers.ConnectionClose = Body is not null || Url.Length > 32_000;
            foreach (var (name, value) in Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }
            return request;
        }

        public string Describe() => $"{Method} {Url[..Math.Min(Url.Length, 120)]} [{string.Join(", ", Headers.Select(h => h.Name))}]";
    }

    private static Hostile Generate(Random random, int index)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        string Junk(int max) => string.Concat(Enumerable.Range(0, random.Next(1, max)).Select(_ => Pick(Garbage)));

        var method = Pick(Methods);
        var path = Pick(Paths);
        switch (random.Next(6))
        {
            case 0: path += "/" + Junk(6); break;
            case 1: path += "/" + new string('x', random.Next(1, 6000)); break;
            case 2: path = "/guides/" + Junk(4); break;
        }
        var query = random.Next(4) switch
        {
            0 => "",
            1 => "?q=" + Junk(8) + "&difficulty=" + Junk(2) + "&category=" + Junk(2) + "&limit=" + random.Next(-5, 100000),
            2 => "?q=" + new string('微', random.Next(1, 10_000)),
            _ => "?handler=" + Pick(["save", "publish", "unpublish", "restore", "create", "disable", "verify", Junk(2)]) + "&a=" + Junk(3) + "&a=" + Junk(3),
        };
        var headers = new List<(string, string)>();
        if (random.Next(2) == 0)
        {
            headers.Add(("Accept-Encoding", Pick(["br;q=abc, *;q=-1", "gzip;q=2", "identity;q=0", "x, y, z", "", "br, gzip, deflate"])));
        }
        if (random.Next(3) == 0)
        {
            headers.Add(("Cookie", Pick(["__Host-AccountExit=forged", "__Host-AccountExit.Antiforgery=" + Junk(5), "a=" + new string('b', 4000), "=;;=;"])));
        }
        if (random.Next(4) == 0)
        {
            headers.Add(("If-None-Match", Pick(["*", "W/\"", "\"" + Junk(3) + "\"", new string(',', 500)])));
        }
        if (random.Next(5) == 0)
        {
            headers.Add(("X-Forwarded-For", Junk(3)));
            headers.Add(("Accept-Language", Junk(4)));
            headers.Add(("Range", "bytes=" + Junk(2)));
        }
        HttpContent? body = null;
        var oversized = false;
        if (method is "POST" or "PUT" or "PATCH")
        {
            switch (random.Next(5))
            {
                case 0:
                    body = new FormUrlEncodedContent([new("__RequestVerificationToken", Junk(4)), new("Input.Email", Junk(3)), new("Body", Junk(20))]);
                    break;
                case 1:
                    body = new StringContent("{\"slug\":" + Junk(3) + "}", Encoding.UTF8, "application/json");
                    break;
                case 2:
                    var bytes = new byte[random.Next(0, 5000)];
                    random.NextBytes(bytes);
                    body = new ByteArrayContent(bytes);
                    body.Headers.TryAddWithoutValidation("Content-Type", Pick(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "x/y;;"]));
                    break;
                case 3:
                    body = new StringContent(new string('a', 2 * 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded");
                    oversized = true;
                    break;
                default:
                    body = new FormUrlEncodedContent([new("Input.Email", "x@example.test"), new("Input.Password", "wrong password here")]);
                    break;
            }
        }
        // Only what a client can put on the wire at all: the raw-socket test covers the rest.
        var url = Uri.TryCreate(new Uri("http://127.0.0.1"), path + query, out var parsed) && parsed.Host == "127.0.0.1" ? path + query : "/guides/" + Uri.EscapeDataString(Junk(3));
        return new Hostile(index, method, url, headers, body, oversized);
    }
}
