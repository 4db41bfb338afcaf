namespace AccountExit.Web.Data;

/// <summary>One legal provision as imported from content/legal.</summary>
public sealed class LegalProvision
{
    public int Id { get; set; }
    /// <summary>The stable id and page anchor, e.g. <c>pipl-47</c>.</summary>
    public required string Key { get; set; }
    public int SortOrder { get; set; }
    public required string Law { get; set; }
    public required string Article { get; set; }
    public required string Title { get; set; }
    public required string Status { get; set; }
    public required string FrontMatterJson { get; set; }
    public required string BodyMarkdown { get; set; }
    public required string BodyHtml { get; set; }
    public required string ContentHash { get; set; }
    public required string SourceFile { get; set; }
    public bool IsPublished { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
