using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccountExit.Web.Startup;

/// <summary>
/// The body of <c>/readyz</c>: the overall status and each check by name (the database, the content, and on PostgreSQL
/// the eviction listener), so an operator sees which one keeps an instance out of rotation. Only the checks' own
/// descriptions are written, never an exception's message (it may name a host or a user).
/// </summary>
public static class ReadinessReport
{
    public static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            var description = entry.Description ?? (entry.Status == HealthStatus.Healthy ? null : "does not answer");
            if (description is not null)
            {
                json.WriteString("description", description);
            }
            json.WriteNumber("milliseconds", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
