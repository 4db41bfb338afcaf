namespace AccountExit.Web.Data;

/// <summary>A platform's guide as imported from content/guides: searchable columns, the full front matter as JSON, and the body rendered once.</summary>
public sealed class Guide
{
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
    public required string FactsAsOf { get; set; }
    public bool IsPublished { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
