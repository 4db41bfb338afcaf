namespace AccountExit.Web.Content;

/// <summary>One problem in one content file, printed as <c>file:line: problem</c>.</summary>
public sealed record FrontMatterError(string File, int Line, string Problem)
{
    public override string ToString() => $"{File}:{Line}: {Problem}";
}
