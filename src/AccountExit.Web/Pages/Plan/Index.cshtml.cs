using AccountExit.Web.Content;
using AccountExit.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Plan;

/// <summary>
/// A reader's cancellation plan. The server renders every published guide in the one global order (<see cref="PlanOrder"/>)
/// with its checklist and the reasons for the order, which is the whole plan without JavaScript and on paper;
/// <c>plan.js</c> then shows only the platforms the reader picks and keeps their ticks in the browser (docs/plan.md).
/// </summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    /// <summary>One guide in the plan, with what the page says about its place in the order.</summary>
    public sealed record Entry(GuideFrontMatter Guide, Checklist Checklist, IReadOnlyList<Note> Notes);

    /// <summary>
    /// A reason in the order: <c>after</c>, <c>before</c> or <c>with</c> another guide (<see cref="Other"/>), or
    /// <c>covers</c> something that is not a guide here (<see cref="Name"/>).
    /// </summary>
    public sealed record Note(string Kind, string? Other, string Name, string? NameEn, string Reason, string? ReasonEn, string Level, string? Remark);

    public List<List<Entry>> Steps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var guides = (await db.Guides.AsNoTracking().Where(g => g.IsPublished).OrderBy(g => g.Slug).Select(g => g.FrontMatterJson).ToListAsync(ct))
            .Select(CanonicalContent.FromJson<GuideFrontMatter>)
            .ToDictionary(g => g.Slug, StringComparer.Ordinal);
        var order = PlanOrder.Compute(guides.Values.Select(g => (g.Slug, g.Plan)));

        var notes = guides.Keys.ToDictionary(s => s, _ => new List<Note>(), StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var evidence = guides.Values.ToDictionary(g => g.Slug, g => Evidence.Of(g, today), StringComparer.Ordinal);
        string Level(GuideFrontMatter g, object item) => evidence[g.Slug].Of(item)?.Level ?? "weak";
        foreach (var g in guides.Values)
        {
            Note Link(string kind, GuideFrontMatter other, PlanLink l) => new(kind, other.Slug, other.Name, other.NameEn, l.Reason, l.ReasonEn, Level(g, l), l.Note);
            foreach (var l in g.Plan?.After ?? [])
            {
                if (guides.TryGetValue(l.Slug, out var before))
                {
                    notes[g.Slug].Add(Link("after", before, l));
                    notes[before.Slug].Add(Link("before", g, l));
                }
            }
            foreach (var l in g.Plan?.With ?? [])
            {
                if (guides.TryGetValue(l.Slug, out var other))
                {
                    notes[g.Slug].Add(Link("with", other, l));
                    notes[other.Slug].Add(Link("with", g, l));
                }
            }
            notes[g.Slug].AddRange((g.Plan?.Covers ?? []).Select(c => new Note("covers", null, c.Name, c.NameEn, c.Reason, c.ReasonEn, Level(g, c), c.Note)));
        }
        string[] kinds = ["after", "before", "with", "covers"];
        // A pair that names each other in `with` is said once.
        List<Note> NotesOf(string slug) => [.. notes[slug].DistinctBy(n => (n.Kind, n.Other ?? n.Name)).OrderBy(n => Array.IndexOf(kinds, n.Kind))];
        Steps = [.. order.Steps.Select(step => step.Select(slug => new Entry(guides[slug], Checklist.For(guides[slug]), NotesOf(slug))).ToList())];
    }
}
