using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccountExit.Web.Content;

namespace AccountExit.Web.Pages.Plan;

/// <summary>
/// What a reader ticks off for one guide, in order: the plan's <c>first</c> tasks, the preconditions, then the steps
/// (each entry path is one step; a guide with no entry path offers its alternatives instead). Each item's id is its kind
/// and a hash of its Chinese text, so a tick survives reordering and English edits, and an item whose text changes
/// starts unticked: it deserves a fresh look. The browser stores ticks under <c>{slug}/{id}</c> (docs/plan.md).
/// </summary>
public sealed record Checklist(IReadOnlyList<Checklist.Item> First, IReadOnlyList<Checklist.Item> Preconditions, IReadOnlyList<Checklist.Item> Steps,
    bool StepsAreAlternatives)
{
    /// <summary>One item; <see cref="Platform"/> is set for an entry path, whose <see cref="Text"/> is its menu steps.</summary>
    public sealed record Item(string Id, string Kind, int Index, string Text, string? TextEn, string Level, string? Note, string? Platform);

    public IEnumerable<Item> All => First.Concat(Preconditions).Concat(Steps);

    /// <summary>What plan.js needs on a guide page to put a tick box on each item the guide template already shows.</summary>
    public string ToJson(string slug) => JsonSerializer.Serialize(new
    {
        slug,
        items = All.Select(i => new { i.Id, i.Kind, i.Index, i.Text, i.TextEn }),
    }, CanonicalContent.Json);

    public static Checklist For(GuideFrontMatter guide)
    {
        var evidence = Evidence.Of(guide, DateOnly.FromDateTime(DateTime.UtcNow));
        string Level(object item) => evidence.Of(item)?.Level ?? "weak";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string Id(string kind, string text)
        {
            var id = kind[0] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + text)))[..8];
            // The same text twice in one list (unlikely) still gets two ticks.
            for (var n = 2; !ids.Add(id); n++)
            {
                id = id.Split('-')[0] + "-" + n;
            }
            return id;
        }
        List<Item> Facts(string kind, List<Fact> facts) =>
            [.. facts.Select((f, i) => new Item(Id(kind, f.Text), kind, i, f.Text, f.TextEn, Level(f), f.Note, null))];

        var steps = guide.EntryPaths.Count > 0
            ? [.. guide.EntryPaths.Select((p, i) =>
                {
                    var text = string.Join(" → ", p.Steps);
                    return new Item(Id("step", p.Platform + ":" + text), "step", i, text, null, Level(p), null, p.Platform);
                })]
            : Facts("alternative", guide.Alternatives);
        return new Checklist(Facts("first", guide.Plan?.First ?? []), Facts("precondition", guide.Preconditions), steps,
            guide.EntryPaths.Count == 0);
    }
}
