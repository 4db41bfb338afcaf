using AccountExit.Web.Content;

namespace AccountExit.Web.Data;

/// <summary>One legal provision as imported from content/legal.</summary>
public sealed class LegalProvision : IPublishedDocument
{
    string IPublishedDocument.DocumentType => Revision.LegalType;

    public void ApplyFrontMatter(string frontMatterJson)
    {
        var l = CanonicalContent.FromJson<LegalFrontMatter>(frontMatterJson);
        SortOrder = l.Order;
        Law = l.Law;
        Article = l.Article;
        Title = l.Title;
        Status = l.Status;
    }

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
    /// <summary>The revision readers see, when published.</summary>
    public int? PublishedRevisionNumber { get; set; }
    /// <summary>The newest revision's number: drafts newer than the published one are pending.</summary>
    public int LatestRevisionNumber { get; set; }
    /// <summary>Canonical hash of the content file as last imported: an import only acts when the file changed.</summary>
    public string? ImportedHash { get; set; }
    /// <summary>Set when a changed file met newer web edits: an editor must resolve it.</summary>
    public string? Attention { get; set; }
}
