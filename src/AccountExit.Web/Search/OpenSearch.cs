using System.Text;
using System.Xml;

namespace AccountExit.Web.Search;

/// <summary>
/// The OpenSearch 1.1 description (<c>/opensearch.xml</c>, <c>/en/opensearch.xml</c>) that lets a browser add the
/// site's search, pointing at the search page of that language and at the suggestions of <c>/api/v1/suggest</c>.
/// </summary>
public static class OpenSearch
{
    public const string ContentType = "application/opensearchdescription+xml";
    public const string Path = "/opensearch.xml";
    private const string Namespace = "http://a9.com/-/spec/opensearch/1.1/";

    public static IEndpointRouteBuilder MapOpenSearch(this IEndpointRouteBuilder app)
    {
        foreach (var language in UiLanguage.All)
        {
            app.MapMethods(language.Href(Path), Api.V1.ApiV1.ReadMethods, (HttpContext http) =>
                Results.Bytes(Describe(PublicOrigin.Of(http), language), ContentType + "; charset=utf-8"));
        }
        return app;
    }

    private static byte[] Describe(string origin, UiLanguage language)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartElement("OpenSearchDescription", Namespace);
            // ShortName: at most 16 characters.
            xml.WriteElementString("ShortName", Namespace, "AccountExit");
            xml.WriteElementString("Description", Namespace, language.Pick("账号注销指南：逐个平台说明如何注销国内网络账号", "How to cancel accounts on Chinese platforms, one by one"));
            xml.WriteElementString("InputEncoding", Namespace, "UTF-8");
            xml.WriteElementString("Language", Namespace, language.Code);
            xml.WriteStartElement("Image", Namespace);
            xml.WriteAttributeString("type", "image/svg+xml");
            xml.WriteAttributeString("width", "16");
            xml.WriteAttributeString("height", "16");
            xml.WriteString(origin + "/favicon.svg");
            xml.WriteEndElement();
            Url(xml, "text/html", origin + language.Href("/search") + "?q={searchTerms}", null);
            Url(xml, OpenSearchSuggestions.ContentType, origin + "/api/v1/suggest?q={searchTerms}", null);
            Url(xml, ContentType, origin + language.Href(Path), "self");
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void Url(XmlWriter xml, string type, string template, string? rel)
    {
        xml.WriteStartElement("Url", Namespace);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("method", "get");
        xml.WriteAttributeString("template", template);
        if (rel is not null)
        {
            xml.WriteAttributeString("rel", rel);
        }
        xml.WriteEndElement();
    }
}
