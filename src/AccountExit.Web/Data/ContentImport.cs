namespace AccountExit.Web.Data;

/// <summary>
/// What the last import of the content folder read (<see cref="Content.ContentSet.Fingerprint"/>), when it read it
/// all without a problem; empty after an import that reported problems, so the next one parses and reports them again.
/// One row. A start that finds the same fingerprint (and a current search index) has nothing to import and parses nothing.
/// </summary>
public sealed class ContentImport
{
    /// <summary>The one row's key.</summary>
    public const string Last = "last";

    public string Key { get; set; } = Last;
    public string Fingerprint { get; set; } = "";
    public DateTime ImportedAtUtc { get; set; }
}
