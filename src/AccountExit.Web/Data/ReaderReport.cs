namespace AccountExit.Web.Data;

/// <summary>
/// A reader's report on a guide ("this worked", "this is outdated", "this is wrong") with an optional note, kept for
/// the editors' queue until one resolves it. Nothing identifies the reader: no address, no browser, no account.
/// </summary>
public sealed class ReaderReport
{
    public const int MaxNoteLength = 1000;

    public int Id { get; set; }
    /// <summary>The guide's slug, its stable key (revisions use it too).</summary>
    public required string GuideSlug { get; set; }
    /// <summary>One of <see cref="Reports.ReportKinds.All"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>The reader's note, trimmed, at most <see cref="MaxNoteLength"/> characters; empty when none.</summary>
    public required string Note { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>The random id of the form it was sent from (unique): a form sent twice makes one report.</summary>
    public required string FormId { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
    /// <summary>The editor who resolved it (their e-mail, as in the audit log).</summary>
    public string? ResolvedBy { get; set; }
    public string? ResolutionNote { get; set; }
    /// <summary>The editor's verdict when resolving: true = accepted as evidence on the guide, false = rejected, null = open or no verdict.</summary>
    public bool? Accepted { get; set; }
    /// <summary>The claim the reader named (an anchor such as <c>pre-2</c>, see <see cref="Content.Evidence.ClaimsOf"/>), when they named one.</summary>
    public string? ClaimKey { get; set; }

    public bool IsOpen => ResolvedAtUtc is null;

    /// <summary>The day readers are told an open "outdated" report dates from; the guide page's validator uses the same day.</summary>
    public static DateOnly NoticeDay(DateTime createdAtUtc) => DateOnly.FromDateTime(createdAtUtc);
}
