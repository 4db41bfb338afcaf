using System.Globalization;
using AccountExit.Web.Content;

namespace AccountExit.Web.Data;

/// <summary>A platform's guide as imported from content/guides: searchable columns, the full front matter as JSON, and the body rendered once.</summary>
public sealed class Guide : IPublishedDocument
{
    string IPublishedDocument.DocumentType => Revision.GuideType;
    string IPublishedDocument.Key => Slug;

    public void ApplyFrontMatter(string frontMatterJson)
    {
        var g = CanonicalContent.FromJson<GuideFrontMatter>(frontMatterJson);
        Name = g.Name;
        NameEn = g.NameEn;
        Company = g.Company;
        Category = g.Category;
        Difficulty = g.Difficulty;
        Outcome = g.Outcome;
        Summary = g.Summary;
        SummaryEn = g.SummaryEn;
        Aliases = string.Join('\n', g.Aliases);
        FactsAsOf = Evidence.Of(g, DateOnly.FromDateTime(DateTime.UtcNow)).Newest ?? "";
        LastVerified = DateOnly.TryParseExact(g.LastVerified, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default;
    }

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public required string Company { get; set; }
    public required string Category { get; set; }
    public required string Difficulty { get; set; }
    public required string Outcome { get; set; }
    public required string Summary { get; set; }
    public required string SummaryEn { get; set; }
    /// <summary>Aliases, one per line, as written.</summary>
    public required string Aliases { get; set; }
    public required string FrontMatterJson { get; set; }
    public required string BodyMarkdown { get; set; }
    public required string BodyHtml { get; set; }
    public required string ContentHash { get; set; }
    public required string SourceFile { get; set; }
    public DateOnly LastVerified { get; set; }
    /// <summary>The newest date among the guide's sources: how current its evidence is (derived, see <see cref="Evidence"/>).</summary>
    public required string FactsAsOf { get; set; }
    public bool IsPublished { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    /// <summary>The revision readers see, when published.</summary>
    public int? PublishedRevisionNumber { get; set; }
    /// <summary>The newest revision's number: drafts newer than the published one are pending.</summary>
    public int LatestRevisionNumber { get; set; }
    /// <summary>Canonical hash of the content file as last imported: an import only acts when the file changed.</summary>
    public string? ImportedHash { get; set; }
    /// <summary>Set when a changed file met newer web edits: an editor must resolve it.</summary>
    public string? Attention { get; set; }
}
