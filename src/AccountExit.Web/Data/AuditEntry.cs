namespace AccountExit.Web.Data;

/// <summary>Who did what, when (UTC): sign-ins, failures, saves, publishes, restores, account changes. Never a secret.</summary>
public sealed class AuditEntry
{
    public int Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public required string Detail { get; set; }

    public static AuditEntry Create(string actor, string action, string target, string detail = "") =>
        new() { AtUtc = DateTime.UtcNow, Actor = actor, Action = action, Target = target, Detail = detail };
}
