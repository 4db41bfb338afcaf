using AccountExit.Web.Data;

namespace AccountExit.Web.Search;

/// <summary>
/// Suggestions as browsers ask for them (the OpenSearch suggestions extension): <c>[query, [completions],
/// [descriptions], [urls]]</c>, the completions being the names of the best matching guides.
/// </summary>
public static class OpenSearchSuggestions
{
    public const string ContentType = "application/x-suggestions+json";
    private const int Count = 8;

    public static async Task<object[]> FindAsync(AppDb db, SearchIndex search, string? q, string origin, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return [q ?? "", Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>()];
        }
        var hits = (await search.SearchAsync(db, q, null, null, Count, ct)).Hits;
        return [q, hits.Select(h => h.Name).ToArray(), hits.Select(h => h.Summary).ToArray(),
            hits.Select(h => origin + Api.V1.Documents.GuidePath(h.Slug)).ToArray()];
    }
}
