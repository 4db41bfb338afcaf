using System.Text.Encodings.Web;
using System.Text.Unicode;
using AccountExit.Web.Data;
using AccountExit.Web.Search;
using AccountExit.Web.Startup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace AccountExit.Web.Api.V1;

/// <summary>
/// <c>/api/v1/…</c>: the public, versioned, read-only JSON contract (docs/api.md), described by the OpenAPI document at
/// <c>/api/v1/openapi.json</c>. The unversioned <c>/api/guides</c>, <c>/api/guides/{slug}</c> and <c>/api/search</c> are
/// the same handlers with site-relative links: the site's own (its script, the static export), left out of the document.
/// </summary>
public static class ApiV1
{
    public const string DocumentName = "v1";
    public const string Prefix = "/api/v1";

    /// <summary>The site's own, unversioned routes: v1's documents with site-relative links (docs/api.md).</summary>
    public const string SitePrefix = "/api";
    public const string ExportSchemaPath = Prefix + "/export.schema.json";

    /// <summary>The export's <c>schemaVersion</c>: bumped only when a field is removed or changes meaning.</summary>
    public const int SchemaVersion = 2;

    public static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Guides"] = "The published guides, one platform each: how to cancel, what it takes and costs, the sources.",
        ["Legal"] = "The published legal provisions the guides cite, verbatim.",
        ["Search"] = "The site's own search over the guides, and OpenSearch suggestions.",
        ["Export"] = "Everything published, in one document, and its JSON Schema.",
    };

    /// <summary>The schema file kept beside this class, served byte for byte.</summary>
    private static readonly byte[] ExportSchema = ReadExportSchema();

    public static WebApplicationBuilder AddAccountExitApiV1(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            // Only v1, and each route once (HEAD answers every GET route too; docs/api.md says so).
            o.ShouldInclude = d => d.GroupName == DocumentName && d.HttpMethod == HttpMethods.Get;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AccountExit open data",
                    Version = "1",
                    Description = "How to cancel accounts on Chinese platforms: every published guide and legal provision, read-only. " +
                        "Names are camelCase; errors are RFC 7807 problem details. Documentation: docs/api.md in the repository.",
                };
                // Public and read-only: one empty requirement says "no authentication" for every operation.
                document.Security = [new OpenApiSecurityRequirement()];
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description = tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description) ? description : tag.Description;
                }
                return Task.CompletedTask;
            });
        });
        // JSON keeps Chinese as it is instead of \uXXXX escapes (a third of the size); characters that matter in HTML stay escaped.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountExitApiV1(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Prefix[..^DocumentName.Length] + "{documentName}/openapi.json");
        var v1 = app.MapGroup(Prefix).WithGroupName(DocumentName);

        var (guides, guide, search) = MapGuidesAndSearch(v1, Prefix, PublicOrigin.Of);
        guides.WithTags("Guides").WithName("listGuides").WithSummary("Every published guide, by slug");
        guide.WithTags("Guides").WithName("getGuide").WithSummary("One published guide: front matter, Markdown and HTML");
        search.WithTags("Search").WithName("search").WithSummary("Search the published guides (the site's own search)");
        // The site's own /api: the same documents with site-relative links, for its script and the static export.
        MapGuidesAndSearch(app.MapGroup(SitePrefix), SitePrefix, _ => "");

        v1.MapMethods("/legal", ReadMethods, async (AppDb db, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(await Documents.ProvisionsAsync(db, PublicOrigin.Of(http), ct)))
            .WithTags("Legal").WithName("listLegal").WithSummary("Every published legal provision, verbatim, in the order of the law page");

        v1.MapMethods("/suggest", ReadMethods, async (string? q, AppDb db, SearchIndex search, HttpContext http, CancellationToken ct) =>
                TypedResults.Json(await OpenSearchSuggestions.FindAsync(db, search, q, PublicOrigin.Of(http), ct),
                    contentType: OpenSearchSuggestions.ContentType))
            .WithTags("Search").WithName("suggest").WithSummary("Search suggestions in the OpenSearch format: [query, [names], [summaries], [urls]]")
            .Produces<object[]>(StatusCodes.Status200OK, OpenSearchSuggestions.ContentType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(ProtectionSetup.SearchPolicy);

        v1.MapMethods("/export", ReadMethods, async (AppDb db, HttpContext http, CancellationToken ct) =>
            {
                var origin = PublicOrigin.Of(http);
                return TypedResults.Ok(new Export(origin + ExportSchemaPath, SchemaVersion, DateTimeOffset.UtcNow, origin + "/",
                    await Documents.GuidesAsync(db, origin, null, ct), await Documents.ProvisionsAsync(db, origin, ct)));
            })
            .WithTags("Export").WithName("export").WithSummary("Every published guide and provision in one document (schema: export.schema.json)");

        v1.MapMethods("/export.schema.json", ReadMethods, () => TypedResults.Bytes(ExportSchema, "application/schema+json"))
            .WithTags("Export").WithName("exportSchema").WithSummary("The JSON Schema (2020-12) of the export")
            .Produces<object>(StatusCodes.Status200OK, "application/schema+json");
        return app;
    }

    /// <summary>The list, one guide and search under <paramref name="prefix"/>, links starting with the origin given.</summary>
    private static (RouteHandlerBuilder Guides, RouteHandlerBuilder Guide, RouteHandlerBuilder Search) MapGuidesAndSearch(
        IEndpointRouteBuilder group, string prefix, Func<HttpContext, string> origin)
    {
        var guides = group.MapMethods("/guides", ReadMethods, async (AppDb db, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await Documents.GuideListAsync(db, origin(http), ct)));

        var guide = group.MapMethods("/guides/{slug}", ReadMethods, async Task<Results<Ok<GuideDocument>, ProblemHttpResult>> (string slug,
                AppDb db, HttpContext http, CancellationToken ct) =>
                (await Documents.GuidesAsync(db, origin(http), slug, ct)) is [var found]
                    ? TypedResults.Ok(found)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such guide",
                        detail: $"There is no published guide '{slug}'. {prefix}/guides lists them."))
            .ProducesProblem(StatusCodes.Status404NotFound);

        var search = group.MapMethods("/search", ReadMethods, async (string? q, string? category, string? difficulty, int? limit, AppDb db,
                SearchIndex index, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(await Documents.SearchAsync(db, index, q, category, difficulty, limit, origin(http), ct)))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(ProtectionSetup.SearchPolicy);
        return (guides, guide, search);
    }

    private static byte[] ReadExportSchema()
    {
        using var stream = typeof(ApiV1).Assembly.GetManifestResourceStream("export.schema.json")
            ?? throw new InvalidOperationException("export.schema.json is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
