using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace AccountExit.Web.Editing;

/// <summary>Two texts compared line by line with DiffPlex, for the side-by-side view in <c>_Diff.cshtml</c>.</summary>
public sealed record SideBySide(string OldTitle, string NewTitle, SideBySideDiffModel Model)
{
    public static SideBySide Compare(string oldTitle, string oldText, string newTitle, string newText) =>
        new(oldTitle, newTitle, SideBySideDiffBuilder.Diff(oldText, newText, ignoreWhiteSpace: false));

    public bool HasChanges => Model.NewText.HasDifferences || Model.OldText.HasDifferences;

    public static string CssClass(ChangeType type) => type switch
    {
        ChangeType.Inserted => "ins",
        ChangeType.Deleted => "del",
        ChangeType.Modified => "mod",
        ChangeType.Imaginary => "gap",
        _ => "same",
    };
}
