namespace AccountExit.Web.Data;

/// <summary>
/// One immutable saved version of a guide or a legal provision: its whole front matter and body, who saved it, when
/// and why. Rows are only ever added. Readers see a revision only once it has been published into the
/// <see cref="Guide"/> or <see cref="LegalProvision"/> row.
/// </summary>
public sealed class Revision
{
    public const string GuideType = "guide";
    public const string LegalType = "legal";

    public int Id { get; set; }
    /// <summary><see cref="GuideType"/> or <see cref="LegalType"/>.</summary>
    public required string DocumentType { get; set; }
    /// <summary>The guide's slug or the provision's id.</summary>
    public required string DocumentKey { get; set; }
    /// <summary>1, 2, 3… per document; unique, so two saves on the same base cannot both land.</summary>
    public int Number { get; set; }
    public required string FrontMatterJson { get; set; }
    public required string BodyMarkdown { get; set; }
    /// <summary>Hash of the canonical front matter and body (see <c>ContentHashes</c>): equal content, equal hash.</summary>
    public required string ContentHash { get; set; }
    /// <summary>The editor's e-mail, or <c>content/</c> for an import.</summary>
    public required string Author { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string Note { get; set; }
    /// <summary>import, edit, restore, verify, or import-conflict (a git change that met newer web edits).</summary>
    public required string Origin { get; set; }
    /// <summary>When this revision was first published, if ever.</summary>
    public DateTime? PublishedAtUtc { get; set; }

    /// <summary>How the editor names a revision beside its text: "r7 · editor@example.org · 2026-12-02 14:00:00Z".</summary>
    public string Label() => $"r{Number} · {Author} · {CreatedAtUtc:u}";

    /// <summary>This revision as the content file it would be in git.</summary>
    public string ToFile() => Content.CanonicalContent.ToFile(DocumentType, FrontMatterJson, BodyMarkdown);
}
