using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Infrastructure;

public static class Html
{
    public static async Task<(HttpResponseMessage Response, IDocument Document)> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return (response, new HtmlParser().ParseDocument(html));
    }

    public static string Text(this IDocument document, string selector) =>
        string.Join(" ", document.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()));
}
