using System.Text.Json.Serialization;

namespace AccountExit.Web.Content;

/// <summary>A guide's front matter, as documented in docs/content-format.md. Keys are snake_case in YAML.</summary>
public sealed class GuideFrontMatter
{
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string Company { get; set; } = "";
    public string? CompanyEn { get; set; }
    public string Category { get; set; } = "";
    public List<string> Aliases { get; set; } = [];
    public string Difficulty { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string Summary { get; set; } = "";
    public string SummaryEn { get; set; } = "";
    public List<EntryPath> EntryPaths { get; set; } = [];
    public string? OfficialUrl { get; set; }
    public List<Fact> Preconditions { get; set; } = [];
    public List<Fact> Consequences { get; set; } = [];
    public List<Fact> Alternatives { get; set; } = [];
    public Timing? Timing { get; set; }
    public List<RelatedPlatform> Related { get; set; } = [];
    /// <summary>Optional. Left out of the stored JSON when absent, so guides without it keep their content hash.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GuidePlan? Plan { get; set; }
    public List<string> Legal { get; set; } = [];
    public List<Source> Sources { get; set; } = [];
    public string FactsAsOf { get; set; } = "";
    public string LastVerified { get; set; } = "";
}

public sealed class EntryPath
{
    public string Platform { get; set; } = "";
    public List<string> Steps { get; set; } = [];
    public string Status { get; set; } = "";
}

public sealed class Fact
{
    public string Text { get; set; } = "";
    public string? TextEn { get; set; }
    public string Status { get; set; } = "";
    public string? Note { get; set; }
}

public sealed class Timing
{
    public int? CoolingOffDays { get; set; }
    public int? ProcessingHours { get; set; }
    public int? IdleDays { get; set; }
    public string? Note { get; set; }
}

public sealed class RelatedPlatform
{
    public string Name { get; set; } = "";
    public string? Slug { get; set; }
    public string Reason { get; set; } = "";
}

public sealed class Source
{
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    public string? Date { get; set; }
    public string? Note { get; set; }
}

/// <summary>How a guide fits into a reader's cancellation plan (docs/plan.md): what to do first, which guides come before it or with it, what it also ends.</summary>
public sealed class GuidePlan
{
    /// <summary>Tasks outside any guide that open this platform's checklist, e.g. revoking logins on other sites.</summary>
    public List<Fact> First { get; set; } = [];
    /// <summary>Guides to finish before this one.</summary>
    public List<PlanLink> After { get; set; } = [];
    /// <summary>Guides handled in the same step of the plan as this one.</summary>
    public List<PlanLink> With { get; set; } = [];
    /// <summary>Accounts or products, not guides here, that end together with this account.</summary>
    public List<PlanCover> Covers { get; set; } = [];
}

public sealed class PlanLink
{
    public string Slug { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? ReasonEn { get; set; }
    public string Status { get; set; } = "";
    public string? Note { get; set; }
}

public sealed class PlanCover
{
    public string Name { get; set; } = "";
    public string? NameEn { get; set; }
    public string Reason { get; set; } = "";
    public string? ReasonEn { get; set; }
    public string Status { get; set; } = "";
    public string? Note { get; set; }
}
