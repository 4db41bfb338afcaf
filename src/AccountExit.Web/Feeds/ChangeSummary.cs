using System.Text.Json;

namespace AccountExit.Web.Feeds;

/// <summary>What a published revision changed against the one published before it: the editor's note and the fields it touched.</summary>
public static class ChangeSummary
{
    public sealed record Version(string FrontMatterJson, string BodyMarkdown);

    /// <summary>Front matter keys by their content-format names (<c>entry_paths</c>), then <c>body</c>.</summary>
    public static IReadOnlyList<string> ChangedFields(Version before, Version after)
    {
        using var old = JsonDocument.Parse(before.FrontMatterJson);
        using var now = JsonDocument.Parse(after.FrontMatterJson);
        var oldFields = old.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var newFields = now.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var changed = oldFields.Keys.Union(newFields.Keys)
            .Where(key => !oldFields.TryGetValue(key, out var a) || !newFields.TryGetValue(key, out var b) || !JsonElement.DeepEquals(a, b))
            .Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)
            .ToList();
        if (!string.Equals(before.BodyMarkdown, after.BodyMarkdown, StringComparison.Ordinal))
        {
            changed.Add("body");
        }
        return changed;
    }

    /// <summary>The note, then what changed; <paramref name="before"/> is null for a guide's first publication.</summary>
    public static string Describe(UiLanguage language, string note, Version? before, Version after)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(note))
        {
            lines.Add(note.Trim());
        }
        if (before is null)
        {
            lines.Add(language.Pick("首次发布。", "First published."));
        }
        else if (ChangedFields(before, after) is { Count: > 0 } fields)
        {
            lines.Add(language.Pick("改动：", "Changed: ") + string.Join(", ", fields));
        }
        else
        {
            lines.Add(language.Pick("内容未变。", "No change in content."));
        }
        return string.Join('\n', lines);
    }
}
