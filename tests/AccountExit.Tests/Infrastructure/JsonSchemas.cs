using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AccountExit.Tests.Infrastructure;

/// <summary>JSON Schema (2020-12) validation with JsonSchema.Net, returning what is wrong where, for assertion messages.</summary>
public static class JsonSchemas
{
    public static IReadOnlyList<string> Problems(JsonNode schema, JsonElement instance)
    {
        var built = JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var result = built.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        return [.. (result.Details ?? [result]).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.SchemaLocation}): {e.Value}"))];
    }

    /// <summary>
    /// One response schema of an OpenAPI 3.1 document as a standalone JSON Schema, made strict: every object must have
    /// only the properties the document lists and every one that cannot be null, so a field renamed, added or dropped fails.
    /// </summary>
    public static JsonNode FromOpenApi(JsonNode openApi, JsonNode responseSchema)
    {
        var defs = openApi["components"]?["schemas"]?.DeepClone() ?? new JsonObject();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = defs,
            ["allOf"] = new JsonArray(responseSchema.DeepClone()),
        };
        Strict(root);
        return root;
    }

    private static bool MayBeNull(JsonNode? schema) =>
        schema?["type"] is JsonArray types ? types.Any(t => (string?)t == "null")
        : schema?["oneOf"] is JsonArray options && options.Any(o => (string?)o?["type"] == "null");

    private static void Strict(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue reference && reference.GetValue<string>() is var target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    o["$ref"] = "#/$defs/" + target["#/components/schemas/".Length..];
                }
                if (o["properties"] is JsonObject properties && o["additionalProperties"] is null)
                {
                    o["additionalProperties"] = false;
                    // A property that may be null may also be left out (problem details omit theirs); every other one is required.
                    o["required"] = new JsonArray([.. properties.Where(p => !MayBeNull(p.Value)).Select(p => (JsonNode?)JsonValue.Create(p.Key))]);
                }
                foreach (var child in o.Select(p => p.Value).ToList())
                {
                    Strict(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a.ToList())
                {
                    Strict(child);
                }
                break;
        }
    }
}
