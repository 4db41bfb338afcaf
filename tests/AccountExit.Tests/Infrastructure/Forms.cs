using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Infrastructure;

/// <summary>Submits a page's real form (antiforgery token included), the way a browser would, with AngleSharp.</summary>
public static class Forms
{
    public sealed record Page(HttpResponseMessage Response, IDocument Document, string Html, Uri Address)
    {
        public HttpStatusCode Status => Response.StatusCode;
    }

    public static async Task<Page> OpenAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return await ReadAsync(response, client, url);
    }

    /// <summary>
    /// Fills the form that holds <paramref name="submitSelector"/> (a button) with <paramref name="values"/> (by field name;
    /// for a checkbox, "true"/"false") and submits it through that button.
    /// </summary>
    public static async Task<Page> SubmitAsync(this HttpClient client, Page page, string submitSelector, IDictionary<string, string>? values = null)
    {
        var button = page.Document.QuerySelector(submitSelector) as IHtmlElement
            ?? throw new InvalidOperationException($"No '{submitSelector}' on the page: {page.Html[..Math.Min(400, page.Html.Length)]}");
        var form = (button as IHtmlButtonElement)?.Form ?? (button as IHtmlInputElement)?.Form ?? button.Closest("form") as IHtmlFormElement
            ?? throw new InvalidOperationException("The button is in no form");
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            var field = form.Elements.FirstOrDefault(e => e.GetAttribute("name") == name && !(e is IHtmlInputElement { Type: "checkbox" } c && c.Value != value && value is not ("true" or "false")))
                ?? throw new InvalidOperationException($"No field '{name}' in the form");
            switch (field)
            {
                case IHtmlInputElement { Type: "checkbox" } box:
                    box.IsChecked = value != "false";
                    break;
                case IHtmlInputElement input:
                    input.Value = value;
                    break;
                case IHtmlTextAreaElement area:
                    area.Value = value;
                    break;
                case IHtmlSelectElement { IsMultiple: true } many:
                    // A multiple choice takes a comma-separated list; a value the page does not offer yet (a source
                    // added in the same form) is added as an option, as a script-free editor would have to.
                    var wanted = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var missing in wanted.Where(w => many.Options.All(o => o.Value != w)))
                    {
                        var option = (IHtmlOptionElement)page.Document.CreateElement("option");
                        option.Value = missing;
                        many.AppendChild(option);
                    }
                    foreach (var option in many.Options)
                    {
                        option.IsSelected = wanted.Contains(option.Value);
                    }
                    break;
                case IHtmlSelectElement select:
                    select.Value = value;
                    break;
            }
        }
        // The form data set, as a browser builds it (enough for this site's forms: no files).
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked:
                    fields.Add(new(name, box.Value ?? "on"));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "submit" or "button" or "image" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value ?? ""));
                    break;
                case IHtmlSelectElement { IsMultiple: true } many:
                    fields.AddRange(many.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
            }
        }
        if (button.GetAttribute("name") is { Length: > 0 } buttonName)
        {
            fields.Add(new(buttonName, button.GetAttribute("value") ?? ""));
        }
        var method = (button.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get").ToUpperInvariant();
        var action = button.GetAttribute("formaction") ?? form.GetAttribute("action") ?? "";
        var target = new Uri(page.Address, action);
        using var request = new HttpRequestMessage(new HttpMethod(method), method == "GET"
            ? new UriBuilder(target) { Query = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")) }.Uri
            : target);
        if (method != "GET")
        {
            request.Content = new FormUrlEncodedContent(fields);
        }
        var response = await client.SendAsync(request);
        return await ReadAsync(response, client, request.RequestUri!.ToString());
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response, HttpClient client, string url)
    {
        var html = await response.Content.ReadAsStringAsync();
        var address = new Uri(client.BaseAddress!, response.RequestMessage?.RequestUri ?? new Uri(url, UriKind.RelativeOrAbsolute)).ToString();
        return new Page(response, new HtmlParser().ParseDocument(html), html, new Uri(address));
    }
}
