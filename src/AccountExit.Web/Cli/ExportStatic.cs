using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using AccountExit.Web.Startup;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>export-static DIR</c>: every public page, fetched through the real pipeline from this app started on a loopback
/// port, written as files a static host or CDN serves as they are (nginx with no rewrite rule). Layout:
/// <list type="bullet">
/// <item><c>/</c> → <c>index.html</c>; a page <c>/guides/wechat</c> → <c>guides/wechat/index.html</c> (nginx, S3, GitHub
/// Pages answer <c>/guides/wechat</c> with a redirect to <c>/guides/wechat/</c> and serve that file);</item>
/// <item>JSON documents get a <c>.json</c> suffix: <c>/api/guides</c> → <c>api/guides.json</c>, <c>/api/guides/wechat</c> →
/// <c>api/guides/wechat.json</c>;</item>
/// <item>static assets keep their fingerprinted names (<c>css/site.{hash}.css</c>); <c>/not-found</c> → <c>404.html</c>;</item>
/// <item>every text file also as <c>.gz</c> and <c>.br</c> beside it, for <c>gzip_static</c> / <c>brotli_static</c>;</item>
/// <item>both languages (<c>/en/…</c> under <c>en/</c>), <c>sitemap.xml</c> and <c>robots.txt</c>.</item>
/// </list>
/// Pages are found from the guide list and by following the site's own links, so a page the site links to (such as
/// a guide's history, when the editor adds it) is exported without a change here. Two kinds of link need a server
/// and are rewritten in the exported HTML: the language switch (<c>/language/en?to=…</c>, which remembers the choice
/// in a cookie) becomes a plain link to the other language's page, and the reader-report links point at the server
/// (<c>AccountExit:PublicOrigin</c>) when one is configured and are left out otherwise.
/// </summary>
public static partial class ExportStatic
{
    private static readonly string[] Seeds = ["/", "/legal", "/about", "/search", "/api/guides", "/sitemap.xml", "/robots.txt"];

    public sealed record Result(int Files, long Bytes);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args is not [var dir])
        {
            await Console.Error.WriteLineAsync("usage: export-static DIR");
            return 2;
        }
        // The app's own pipeline on a free loopback port, for as long as the export takes.
        var addresses = services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        addresses.Clear();
        addresses.Add("http://127.0.0.1:0");
        var host = services.GetRequiredService<IHost>();
        await host.StartAsync();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(addresses.First()) };
            var origin = services.GetRequiredService<IOptions<AccountExitOptions>>().Value.PublicOrigin;
            var result = await ExportAsync(client, Path.GetFullPath(dir), origin);
            Console.WriteLine($"exported {result.Files} files ({result.Bytes / 1024} KB uncompressed) to {Path.GetFullPath(dir)}");
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Crawls the site behind <paramref name="client"/> (identity encoding) into <paramref name="dir"/>, in both
    /// languages. <paramref name="serverOrigin"/> is where the pages that need the server (reader reports) live; without
    /// one, links to them are left out.
    /// </summary>
    public static async Task<Result> ExportAsync(HttpClient client, string dir, string? serverOrigin = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dir);
        var seeds = Seeds.Concat(Seeds.Where(s => !s.StartsWith("/api/", StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal))
            .Select(UiLanguage.English.Href)).ToList();
        var queue = new Queue<string>(seeds);
        var seen = new HashSet<string>(seeds, StringComparer.Ordinal);
        var files = 0;
        long bytes = 0;

        void Enqueue(string path)
        {
            if (seen.Add(path))
            {
                queue.Enqueue(path);
            }
        }

        var guides = await client.GetFromJsonAsync<JsonElement>("/api/guides", ct);
        foreach (var guide in guides.EnumerateArray())
        {
            var slug = guide.GetProperty("slug").GetString()!;
            Enqueue("/guides/" + slug);
            Enqueue(UiLanguage.English.Href("/guides/" + slug));
            Enqueue("/api/guides/" + slug);
        }

        while (queue.TryDequeue(out var path))
        {
            using var response = await client.GetAsync(path, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: the export would have a broken link.");
            }
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (mediaType == "text/html")
            {
                var html = ForStaticHost(System.Text.Encoding.UTF8.GetString(body), serverOrigin);
                body = System.Text.Encoding.UTF8.GetBytes(html);
                foreach (var link in LocalLinks(html))
                {
                    Enqueue(link);
                }
            }
            bytes += body.Length;
            files += await WriteAsync(dir, FileFor(path, mediaType), body, ct);
        }

        using (var notFound = await client.GetAsync("/not-found", ct))
        {
            var html = ForStaticHost(await notFound.Content.ReadAsStringAsync(ct), serverOrigin);
            files += await WriteAsync(dir, "404.html", System.Text.Encoding.UTF8.GetBytes(html), ct);
        }
        return new Result(files, bytes);
    }

    /// <summary>A page's links that only a server answers, made right for a static host (see the class summary).</summary>
    public static string ForStaticHost(string html, string? serverOrigin)
    {
        html = LanguageSwitch().Replace(html, m =>
        {
            var language = UiLanguage.All.FirstOrDefault(l => l.Code == m.Groups["code"].Value) ?? UiLanguage.Chinese;
            var to = Uri.UnescapeDataString(WebUtility.HtmlDecode(m.Groups["to"].Value));
            return $"href=\"{WebUtility.HtmlEncode(language.Href(to.StartsWith('/') ? UiLanguage.Neutral(to) : "/"))}\"";
        });
        return serverOrigin is { Length: > 0 } origin
            ? ReportLink().Replace(html, m => $"href=\"{origin.TrimEnd('/')}{m.Groups["path"].Value}\"")
            : ReportLinks().Replace(html, "");
    }

    /// <summary>Where a URL's bytes go so that a plain static server answers the same URL with them.</summary>
    public static string FileFor(string path, string mediaType)
    {
        var relative = Uri.UnescapeDataString(path.TrimStart('/'));
        if (mediaType is "application/json" or "application/problem+json")
        {
            return relative + ".json";
        }
        if (mediaType == "text/html")
        {
            return relative.Length == 0 ? "index.html" : relative.TrimEnd('/') + "/index.html";
        }
        return relative;
    }

    /// <summary>Links to this site's own pages and assets, without fragment; links with a query string are dynamic (search, filters).</summary>
    private static IEnumerable<string> LocalLinks(string html)
    {
        foreach (Match m in LinkAttribute().Matches(html))
        {
            var link = WebUtility.HtmlDecode(m.Groups[1].Value);
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                link = link[..hash];
            }
            if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.Contains('?', StringComparison.Ordinal) && link.Length > 0)
            {
                yield return link;
            }
        }
    }

    private static async Task<int> WriteAsync(string dir, string relative, byte[] body, CancellationToken ct)
    {
        var file = Path.GetFullPath(Path.Combine(dir, relative));
        if (!file.StartsWith(dir, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{relative} would be written outside {dir}");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, body, ct);
        if (!IsText(file))
        {
            return 1;
        }
        await File.WriteAllBytesAsync(file + ".gz", Compress(body, s => new GZipStream(s, CompressionLevel.SmallestSize)), ct);
        await File.WriteAllBytesAsync(file + ".br", Compress(body, s => new BrotliStream(s, CompressionLevel.SmallestSize)), ct);
        return 3;
    }

    private static bool IsText(string file) => Path.GetExtension(file) is ".html" or ".json" or ".css" or ".js" or ".svg" or ".xml" or ".txt" or ".atom";

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(body);
        }
        return output.ToArray();
    }

    [GeneratedRegex(@"(?:href|src)=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex LinkAttribute();

    [GeneratedRegex(@"href=""/language/(?<code>[A-Za-z-]+)\?to=(?<to>[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageSwitch();

    /// <summary>The guide page's report links (Pages/Shared/_GuideReports.cshtml), one paragraph.</summary>
    [GeneratedRegex(@"\s*<p class=""report-links"">.*?</p>", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ReportLinks();

    [GeneratedRegex(@"href=""(?<path>(?:/en)?/guides/[^/""]+/report\?[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex ReportLink();
}
