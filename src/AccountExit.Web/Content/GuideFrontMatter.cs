using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

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
    /// <summary>
    /// Where a written deletion or cancellation request can be emailed, when a source records one. Left out of the
    /// stored JSON when unset, so adding this field changed no existing guide's canonical hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestEmail { get; set; }
    public List<Fact> Preconditions { get; set; } = [];
    public List<Fact> Consequences { get; set; } = [];
    public List<Fact> Alternatives { get; set; } = [];
    public Timing? Timing { get; set; }
    /// <summary>Dated events, oldest first: what the platform changed (self-service added, an entry moved).</summary>
    public List<HistoryEvent> History { get; set; } = [];
    public List<RelatedPlatform> Related { get; set; } = [];
    /// <summary>Optional. Left out of the stored JSON when absent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GuidePlan? Plan { get; set; }
    public List<string> Legal { get; set; } = [];
    public List<GuideSource> Sources { get; set; } = [];
    public string LastVerified { get; set; } = "";
}

/// <summary>What every claim carries: the ids of the sources it rests on, or the mark that it is the site's own advice.</summary>
public interface ICited
{
    List<string> Cite { get; }
    bool Advice { get; }
    /// <summary>The day an editor did this in the live app, when someone did.</summary>
    string? Verified { get; }
}

public sealed class EntryPath : ICited
{
    public string Platform { get; set; } = "";
    public List<string> Steps { get; set; } = [];
    public List<string> Cite { get; set; } = [];
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Advice { get; set; }
    public string? Verified { get; set; }
    public string? Note { get; set; }
}

public sealed class Fact : ICited
{
    public string Text { get; set; } = "";
    public string? TextEn { get; set; }
    public List<string> Cite { get; set; } = [];
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Advice { get; set; }
    public string? Verified { get; set; }
    public string? Note { get; set; }
    /// <summary>What other sources say instead, when sources disagree about this item.</summary>
    public List<FactVariant> Variants { get; set; } = [];
}

/// <summary>Another source's version of a fact.</summary>
public sealed class FactVariant
{
    public string Text { get; set; } = "";
    public string? TextEn { get; set; }
    public List<string> Cite { get; set; } = [];
}

public sealed class Timing
{
    public List<TimingValue> CoolingOffDays { get; set; } = [];
    public List<TimingValue> ProcessingHours { get; set; } = [];
    public List<TimingValue> IdleDays { get; set; } = [];
    public string? Note { get; set; }
    public string? NoteEn { get; set; }
}

/// <summary>One value a source gives for a timing; several current values mean the sources disagree.</summary>
public sealed class TimingValue
{
    public int Value { get; set; }
    public List<string> Cite { get; set; } = [];
    /// <summary>YYYY or YYYY-MM[-DD]: the value held until then and is history, not a disagreement.</summary>
    public string? Until { get; set; }
    public string? Note { get; set; }
}

public sealed class HistoryEvent
{
    public string Date { get; set; } = "";
    public string Text { get; set; } = "";
    public string? TextEn { get; set; }
    public List<string> Cite { get; set; } = [];
    public string? Note { get; set; }
}

public sealed class RelatedPlatform : ICited
{
    public string Name { get; set; } = "";
    public string? NameEn { get; set; }
    public string? Slug { get; set; }
    public string Reason { get; set; } = "";
    public string? ReasonEn { get; set; }
    public List<string> Cite { get; set; } = [];
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Advice { get; set; }
    public string? Verified { get; set; }
    public string? Note { get; set; }
}

/// <summary>A guide's source: what it is, who published it, when, and when we read it (docs/content-format.md, "Sources").</summary>
public sealed class GuideSource
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Publisher { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    /// <summary>YYYY, YYYY-MM, YYYY-MM-DD or <c>unknown</c>.</summary>
    public string Published { get; set; } = "";
    /// <summary>YYYY-MM-DD.</summary>
    public string Read { get; set; } = "";
    public string? Via { get; set; }
    /// <summary>The id of the listed source this one copies: the two are one source, not two.</summary>
    public string? CopyOf { get; set; }
    public string? Note { get; set; }
    /// <summary>The project's 2018 seed article: the one source allowed without a URL.</summary>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Seed { get; set; }
}

/// <summary>A legal provision's source (content/legal): the texts it was checked against.</summary>
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

public sealed class PlanLink : ICited
{
    public string Slug { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? ReasonEn { get; set; }
    public List<string> Cite { get; set; } = [];
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Advice { get; set; }
    public string? Verified { get; set; }
    public string? Note { get; set; }
}

public sealed class PlanCover : ICited
{
    public string Name { get; set; } = "";
    public string? NameEn { get; set; }
    public string Reason { get; set; } = "";
    public string? ReasonEn { get; set; }
    public List<string> Cite { get; set; } = [];
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Advice { get; set; }
    public string? Verified { get; set; }
    public string? Note { get; set; }
}
