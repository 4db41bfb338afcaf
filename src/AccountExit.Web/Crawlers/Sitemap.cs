using System.Globalization;
using System.Text;
using System.Xml;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Crawlers;

/// <summary>
/// <c>/sitemap.xml</c>: every page worth indexing (home, the law page, about, every published guide and its history),
/// each in both languages, each naming its other-language twin (<c>xhtml:link rel="alternate" hreflang</c>), with the
/// time its content last changed. Search results are left out: they are what robots.txt keeps crawlers from.
/// </summary>
public static class Sitemap
{
    public const string Path = "/sitemap.xml";
    private const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string Xhtml = "http://www.w3.org/1999/xhtml";

    public static IEndpointRouteBuilder MapSitemap(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, ApiV1.ReadMethods, async (AppDb db, HttpContext http, CancellationToken ct) =>
        {
            var guides = await db.Guides.AsNoTracking().Where(g => g.IsPublished).OrderBy(g => g.Slug)
                .Select(g => new { g.Slug, g.UpdatedAtUtc }).ToListAsync(ct);
            var legal = await db.Legal.AsNoTracking().Where(l => l.IsPublished).MaxAsync(l => (DateTime?)l.UpdatedAtUtc, ct);
            var pages = new List<(string Path, DateTime? Modified)>
            {
                ("/", guides.Count > 0 ? guides.Max(g => g.UpdatedAtUtc) : null),
                ("/legal", legal),
                ("/about", null),
                ("/complaints", null),
                ("/plan", guides.Count > 0 ? guides.Max(g => g.UpdatedAtUtc) : null),
            };
            foreach (var g in guides)
            {
                pages.Add((Documents.GuidePath(g.Slug), g.UpdatedAtUtc));
                pages.Add((Documents.GuidePath(g.Slug) + "/history", g.UpdatedAtUtc));
                pages.Add((Documents.GuidePath(g.Slug) + "/letter", g.UpdatedAtUtc));
            }
            return Results.Bytes(Write(PublicOrigin.Of(http), pages), "application/xml; charset=utf-8");
        });
        return app;
    }

    private static byte[] Write(string origin, IEnumerable<(string Path, DateTime? Modified)> pages)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("urlset", Namespace);
            xml.WriteAttributeString("xmlns", "xhtml", null, Xhtml);
            foreach (var (path, modified) in pages)
            {
                foreach (var language in UiLanguage.All)
                {
                    xml.WriteStartElement("url", Namespace);
                    xml.WriteElementString("loc", Namespace, origin + language.Href(path));
                    if (modified is { } time)
                    {
                        xml.WriteElementString("lastmod", Namespace,
                            Documents.Utc(time).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal));
                    }
                    foreach (var alternate in UiLanguage.All)
                    {
                        Alternate(xml, alternate.Code, origin + alternate.Href(path));
                    }
                    Alternate(xml, "x-default", origin + path);
                    xml.WriteEndElement();
                }
            }
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void Alternate(XmlWriter xml, string hreflang, string href)
    {
        xml.WriteStartElement("xhtml", "link", Xhtml);
        xml.WriteAttributeString("rel", "alternate");
        xml.WriteAttributeString("hreflang", hreflang);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
