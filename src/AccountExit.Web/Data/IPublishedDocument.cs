namespace AccountExit.Web.Data;

/// <summary>What guides and legal provisions share as published, revisioned documents.</summary>
public interface IPublishedDocument
{
    string DocumentType { get; }
    string Key { get; }
    string FrontMatterJson { get; set; }
    string BodyMarkdown { get; set; }
    string BodyHtml { get; set; }
    string ContentHash { get; set; }
    string SourceFile { get; set; }
    bool IsPublished { get; set; }
    DateTime UpdatedAtUtc { get; set; }
    int? PublishedRevisionNumber { get; set; }
    int LatestRevisionNumber { get; set; }
    string? ImportedHash { get; set; }
    string? Attention { get; set; }

    /// <summary>Copies the typed columns (names, difficulty, order, …) from the canonical front matter JSON.</summary>
    void ApplyFrontMatter(string frontMatterJson);
}
