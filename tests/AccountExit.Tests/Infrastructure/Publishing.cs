using System.Net;

namespace AccountExit.Tests.Infrastructure;

/// <summary>An editor's change to a guide, saved and published in one step through the real edit form.</summary>
public static class Publishing
{
    public static async Task PublishAsync(this EditorSite site, string slug, string note, IDictionary<string, string> changes)
    {
        using var editor = await site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync($"/editor/guides/{slug}/edit");
        var values = new Dictionary<string, string>(changes) { ["Note"] = note };
        var saved = await editor.SubmitAsync(form, "button[formaction$='publish=true']", values);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
    }
}
