using System.Text.Json.Serialization;
using AccountExit.Web.Content;
using AccountExit.Web.Search;

namespace AccountExit.Web.Api.V1;

// The /api/v1 contract (docs/api.md). Names are camelCase; a front matter key is its content-format name without
// underscores (name_en → nameEn). Renaming a property here changes the contract: the tests compare every response with
// the OpenAPI document and the export with the checked-in export.schema.json, so such a change fails until both agree.

/// <summary>A published guide in the list: enough to pick one and follow its links.</summary>
public sealed record GuideSummary(string Slug, string Name, string NameEn, string Company, string Category, string Difficulty,
    string Outcome, string Summary, string SummaryEn, DateOnly LastVerified, DateTimeOffset UpdatedAt, string Url, string ApiUrl);

/// <summary>One published guide whole: its front matter as in the content file, its Markdown body and the HTML the site shows.</summary>
/// <param name="Revision">The published revision's number; it grows with every published change.</param>
/// <param name="UpdatedAt">When what readers see last changed (a publish).</param>
/// <param name="LastVerified">When the facts were last checked against the sources.</param>
/// <param name="FactsAsOf">The newest date among the guide's sources (derived): how current its evidence is.</param>
/// <param name="Evidence">Each claim's derived confidence, as the page shows it.</param>
public sealed record GuideDocument(string Slug, string Url, string HistoryUrl, string FeedUrl, int Revision, DateTimeOffset UpdatedAt,
    DateOnly LastVerified, string FactsAsOf, GuideFrontMatter FrontMatter, string BodyMarkdown, string BodyHtml, EvidenceDocument Evidence);

/// <summary>How sure the site is of a guide: derived from the sources each claim cites (docs/content-format.md).</summary>
/// <param name="Overall">sure | partly | dated | weak.</param>
/// <param name="Newest">The newest source date, or null.</param>
/// <param name="ReaderConfirmations">Readers' "this worked" reports an editor accepted.</param>
public sealed record EvidenceDocument(string Overall, string? Newest, IReadOnlyList<ClaimEvidence> Claims, int ReaderConfirmations, DateOnly? LatestReaderConfirmation);

/// <summary>One claim: its anchor on the page, the front-matter section it is in, its confidence level and the source ids it cites.</summary>
/// <param name="ReaderFlag">An accepted reader report naming this claim as outdated or wrong since the guide was last published.</param>
public sealed record ClaimEvidence(string Key, string Section, string Level, IReadOnlyList<string> Cite, string? Newest, ReaderFlag? ReaderFlag);

/// <summary>A reader's report an editor accepted: <paramref name="Kind"/> is outdated or wrong, <paramref name="Accepted"/> the day it was accepted.</summary>
public sealed record ReaderFlag(string Kind, DateOnly Accepted);

/// <summary>One published legal provision, verbatim, with its front matter.</summary>
public sealed record ProvisionDocument(string Id, string Url, int Revision, DateTimeOffset UpdatedAt, LegalFrontMatter FrontMatter,
    string BodyMarkdown, string BodyHtml);

/// <summary>Every published guide and provision in one document, for mirrors and research.</summary>
/// <param name="Schema">The URL of the JSON Schema this document follows.</param>
/// <param name="SchemaVersion">Changes only when a field is removed or changes meaning; added fields keep it.</param>
public sealed record Export([property: JsonPropertyName("$schema")] string Schema, int SchemaVersion, DateTimeOffset GeneratedAt,
    string Site, IReadOnlyList<GuideDocument> Guides, IReadOnlyList<ProvisionDocument> Legal);

/// <summary>One search result.</summary>
/// <param name="Snippet">The best matching passage as safe HTML: encoded text with the matches in <c>&lt;mark&gt;</c>.</param>
/// <param name="Highlights">The same passage as text parts, for clients that build their own markup.</param>
public sealed record SearchResult(string Slug, string Name, string NameEn, string Difficulty, string Outcome, string Summary, string Url,
    string Category, string Snippet, IReadOnlyList<Snippet.Part> Highlights, double Score);

/// <summary>A search's answer: the best results, how many match, and what to offer when little or nothing does.</summary>
/// <param name="Count">How many guides match in all, up to 1,000; <paramref name="Results"/> holds the best ones, up to the limit.</param>
/// <param name="CountIsCapped">More guides match than <paramref name="Count"/> says (shown as "1000+").</param>
/// <param name="NotCovered">The platform the query names that has no guide yet, if any.</param>
public sealed record SearchResponse(string Query, int Count, IReadOnlyList<SearchResult> Results, string? CorrectedQuery = null,
    IReadOnlyList<SearchIndex.Suggestion>? DidYouMean = null, IReadOnlyList<SearchIndex.Suggestion>? Popular = null,
    bool CountIsCapped = false, string? NotCovered = null);
