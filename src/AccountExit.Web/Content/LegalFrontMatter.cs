namespace AccountExit.Web.Content;

/// <summary>A legal provision's front matter, as documented in docs/content-format.md.</summary>
public sealed class LegalFrontMatter
{
    public string Id { get; set; } = "";
    public int Order { get; set; }
    public string Law { get; set; } = "";
    public string LawEn { get; set; } = "";
    public string Article { get; set; } = "";
    public string ArticleEn { get; set; } = "";
    public string? FormerArticle { get; set; }
    public string Title { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string Issuer { get; set; } = "";
    public string? DocumentNumber { get; set; }
    public string? Adopted { get; set; }
    public string? Effective { get; set; }
    public string? Amended { get; set; }
    public string Status { get; set; } = "";
    public string Verification { get; set; } = "";
    public string? VerificationNote { get; set; }
    public string GlossEn { get; set; } = "";
    public List<Source> Sources { get; set; } = [];
}
