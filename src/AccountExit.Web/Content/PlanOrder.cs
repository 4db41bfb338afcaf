namespace AccountExit.Web.Content;

/// <summary>
/// The one global order of a reader's plan, computed from the guides' <c>plan</c> blocks (docs/plan.md): guides joined
/// by <c>with</c> form one step; a guide comes after every guide it lists in <c>after</c>; among steps free to go next,
/// the one whose first slug sorts first goes first, so the same content always gives the same order. A reader's plan is
/// this order with the guides they did not pick left out, which keeps every dependency, even one through a guide they
/// skipped. Links to guides not in the set are ignored. Cycles are reported (validation refuses them) and, should one
/// reach this class anyway, broken at the step that sorts first, so a page never fails.
/// </summary>
public sealed class PlanOrder
{
    private PlanOrder(IReadOnlyList<IReadOnlyList<string>> steps, IReadOnlyList<IReadOnlySet<string>> cycles)
    {
        Steps = steps;
        Cycles = cycles;
    }

    /// <summary>The steps in order; each step is one or more slugs (more when joined by <c>with</c>), in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Steps { get; }

    /// <summary>Each set of guides whose <c>after</c> and <c>with</c> links go round in a circle.</summary>
    public IReadOnlyList<IReadOnlySet<string>> Cycles { get; }

    public static PlanOrder Compute(IEnumerable<(string Slug, GuidePlan? Plan)> guides)
    {
        var plans = new SortedDictionary<string, GuidePlan?>(StringComparer.Ordinal);
        foreach (var (slug, plan) in guides)
        {
            plans.TryAdd(slug, plan);
        }
        bool Known(string from, string to) => to != from && plans.ContainsKey(to);

        // Steps: the guides joined by `with`, each named by its first slug.
        var leader = plans.Keys.ToDictionary(s => s, s => s, StringComparer.Ordinal);
        string Find(string s) => leader[s] == s ? s : leader[s] = Find(leader[s]);
        foreach (var (slug, plan) in plans)
        {
            foreach (var link in plan?.With ?? [])
            {
                if (Known(slug, link.Slug))
                {
                    var (a, b) = (Find(slug), Find(link.Slug));
                    var (first, second) = StringComparer.Ordinal.Compare(a, b) <= 0 ? (a, b) : (b, a);
                    leader[second] = first;
                }
            }
        }
        var members = plans.Keys.GroupBy(Find, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // `after` between steps orders the steps; `after` inside a step orders its guides.
        var stepEdges = members.Keys.ToDictionary(k => k, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var innerEdges = plans.Keys.ToDictionary(k => k, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (slug, plan) in plans)
        {
            foreach (var link in plan?.After ?? [])
            {
                if (!Known(slug, link.Slug))
                {
                    continue;
                }
                var (before, after) = (Find(link.Slug), Find(slug));
                if (before == after)
                {
                    innerEdges[link.Slug].Add(slug);
                }
                else
                {
                    stepEdges[before].Add(after);
                }
            }
        }

        var cycles = new List<IReadOnlySet<string>>();
        foreach (var component in StronglyConnected(stepEdges))
        {
            cycles.Add(component.SelectMany(step => members[step]).ToHashSet(StringComparer.Ordinal));
        }
        foreach (var component in StronglyConnected(innerEdges))
        {
            cycles.Add(component.ToHashSet(StringComparer.Ordinal));
        }

        var steps = new List<IReadOnlyList<string>>();
        foreach (var step in Sort(stepEdges))
        {
            var inner = members[step].ToDictionary(s => s, s => innerEdges[s], StringComparer.Ordinal);
            steps.Add(Sort(inner.ToDictionary(kv => kv.Key, kv => new SortedSet<string>(kv.Value.Where(inner.ContainsKey), StringComparer.Ordinal),
                StringComparer.Ordinal)));
        }
        return new PlanOrder(steps, cycles);
    }

    /// <summary>Kahn's algorithm, taking the smallest ready key each time; on a cycle, the smallest remaining key goes next.</summary>
    private static List<string> Sort(Dictionary<string, SortedSet<string>> edges)
    {
        var incoming = edges.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var targets in edges.Values)
        {
            foreach (var t in targets)
            {
                incoming[t]++;
            }
        }
        var ready = new SortedSet<string>(incoming.Where(kv => kv.Value == 0).Select(kv => kv.Key), StringComparer.Ordinal);
        var left = new SortedSet<string>(edges.Keys, StringComparer.Ordinal);
        var order = new List<string>(edges.Count);
        while (left.Count > 0)
        {
            var next = ready.Count > 0 ? ready.Min! : left.Min!;
            ready.Remove(next);
            left.Remove(next);
            order.Add(next);
            foreach (var t in edges[next])
            {
                if (left.Contains(t) && --incoming[t] == 0)
                {
                    ready.Add(t);
                }
            }
        }
        return order;
    }

    /// <summary>Tarjan's strongly connected components with more than one member: the cycles.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, SortedSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges[v])
            {
                if (index.TryGetValue(w, out var seen))
                {
                    if (onStack.Contains(w))
                    {
                        low[v] = Math.Min(low[v], seen);
                    }
                }
                else
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
            }
            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    found.Add(component);
                }
            }
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }
        return found;
    }
}
