using System.Globalization;

namespace AccountExit.Web.Content;

/// <summary>
/// How sure a guide is of each claim, derived from the sources the claim cites (never typed by an editor):
/// their kinds, how many independent ones there are, how old the newest is, and whether sources disagree.
/// The levels and their rules are documented once here, on /about and in docs/content-format.md.
/// </summary>
public static class Evidence
{
    /// <summary>A claim whose newest source is older than this is shown as dated.</summary>
    public const int DatedAfterYears = 2;

    /// <summary>The levels, in the order a reader should worry about them least to most.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Levels = new Dictionary<string, (string, string)>
    {
        ["verified"] = ("已实测", "Checked in the app"),
        ["confirmed"] = ("已证实", "Confirmed"),
        ["reported"] = ("有报道", "Reported"),
        ["weak"] = ("证据薄弱", "Weakly sourced"),
        ["disputed"] = ("来源有分歧", "Sources disagree"),
        ["dated"] = ("资料较旧", "Dated"),
        ["advice"] = ("本站建议", "Our advice"),
    };

    /// <summary>What each level means, in plain words: the badge's tooltip and the legend on /about.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Captions = new Dictionary<string, (string, string)>
    {
        ["verified"] = ("编辑在标明的日期亲自在现行 App 或网站中操作核对过", "An editor did this in the live app or site on the date shown"),
        ["confirmed"] = ("有平台官方或监管部门的来源，或两个互相独立的新闻、监管、消费者组织来源",
            "An official or regulator source, or two independent news, regulator or consumer-body sources"),
        ["reported"] = ("有一个新闻或科技媒体来源，尚无第二个独立来源证实", "One news or tech-media source; no second independent source yet"),
        ["weak"] = ("只有论坛问答或无署名网页这样说", "Only forums, Q&A or unattributed pages say so"),
        ["disputed"] = ("不同来源说法不一，下方列出每种说法及其来源", "Sources disagree; every version is listed with its sources"),
        ["dated"] = ($"最新的来源已超过 {DatedAfterYears} 年，现在可能已经变了", $"The newest source is more than {DatedAfterYears} years old; it may have changed"),
        ["advice"] = ("这是本站的建议，不是来源中的事实", "This is the site's advice, not a fact from a source"),
    };

    /// <summary>The guide-wide verdicts of <see cref="GuideEvidence.Overall"/>.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Overalls = new Dictionary<string, (string, string)>
    {
        ["sure"] = ("较有把握：多数说法有官方或两个独立来源证实", "Fairly sure: most claims are confirmed by an official or two independent sources"),
        ["partly"] = ("部分有据：多数说法有新闻或媒体报道，但未获证实", "Partly sourced: most claims are reported, not yet confirmed"),
        ["dated"] = ("资料较旧：多数说法的最新来源已超过两年", "Dated: for most claims the newest source is over two years old"),
        ["weak"] = ("证据薄弱：多数说法只有论坛或无署名网页支持", "Weakly sourced: most claims rest on forums or unattributed pages"),
    };

    /// <summary>The kinds whose word confirms a claim when two independent ones agree.</summary>
    private static readonly HashSet<string> Strong = ["news", "regulator", "consumer-body"];

    /// <summary>Evidence for one claim.</summary>
    /// <param name="Key">The claim's anchor on the page, e.g. <c>pre-2</c>.</param>
    /// <param name="Cite">Every source id the claim and its variants cite, in the guide's source order.</param>
    /// <param name="Newest">The newest date among the cited sources (<c>YYYY[-MM[-DD]]</c>), or null when none is dated.</param>
    public sealed record Claim(string Key, string Section, string Level, IReadOnlyList<string> Cite, string? Newest);

    /// <summary>A guide's evidence: every claim in page order, and the guide's own "how current, how sure" line.</summary>
    public sealed record GuideEvidence(IReadOnlyList<Claim> Claims, string? Newest, IReadOnlyDictionary<string, int> Counts)
    {
        private readonly Dictionary<string, Claim> _byKey = Claims.ToDictionary(c => c.Key, StringComparer.Ordinal);

        /// <summary>The claim of an item of the front matter (a fact, an entry path, a plan link), found by reference.</summary>
        internal Dictionary<object, string> Items { get; init; } = new(ReferenceEqualityComparer.Instance);

        public Claim? Of(object item) => Items.TryGetValue(item, out var key) ? _byKey[key] : null;

        public Claim this[string key] => _byKey[key];

        public bool Has(string key) => _byKey.ContainsKey(key);

        /// <summary>
        /// The guide's "how sure are we" in one word, from its claims about the present (history and advice left out):
        /// <c>sure</c> when at least half are confirmed or checked, <c>dated</c> when half are dated, <c>partly</c> when
        /// at least half are confirmed or reported, otherwise <c>weak</c>.
        /// </summary>
        public string Overall
        {
            get
            {
                var present = Claims.Where(c => c.Section != "history" && c.Level != "advice").ToList();
                if (present.Count == 0)
                {
                    return "weak";
                }
                double Share(params string[] levels) => present.Count(c => levels.Contains(c.Level)) / (double)present.Count;
                return Share("confirmed", "verified") >= 0.5 ? "sure"
                    : Share("dated") >= 0.5 ? "dated"
                    : Share("confirmed", "verified", "reported") >= 0.5 ? "partly"
                    : "weak";
            }
        }

        /// <summary>The 1-based footnote number of a source: its position in the guide's source list.</summary>
        public static int Number(GuideFrontMatter guide, string sourceId) => guide.Sources.FindIndex(s => s.Id == sourceId) + 1;
    }

    /// <summary>The keys the page and the API use for each claim, in page order, with what each claim cites.</summary>
    public static IEnumerable<(string Key, string Section, ICitedClaim Claim)> ClaimsOf(GuideFrontMatter g)
    {
        for (var i = 0; i < g.EntryPaths.Count; i++)
        {
            yield return ($"entry-{i + 1}", "entry_paths", new CitedClaim(g.EntryPaths[i], []));
        }
        foreach (var (prefix, section, facts) in new[] { ("pre", "preconditions", g.Preconditions), ("con", "consequences", g.Consequences), ("alt", "alternatives", g.Alternatives) })
        {
            for (var i = 0; i < facts.Count; i++)
            {
                yield return ($"{prefix}-{i + 1}", section, new CitedClaim(facts[i], facts[i].Variants.Select(v => v.Cite).ToList()));
            }
        }
        if (g.Timing is { } t)
        {
            foreach (var (key, values) in new[] { ("cooling", t.CoolingOffDays), ("processing", t.ProcessingHours), ("idle", t.IdleDays) })
            {
                if (values.Count > 0)
                {
                    yield return ($"time-{key}", "timing", new TimingClaim(values));
                }
            }
        }
        for (var i = 0; i < g.History.Count; i++)
        {
            yield return ($"hist-{i + 1}", "history", new HistoryClaim(g.History[i]));
        }
        for (var i = 0; i < g.Related.Count; i++)
        {
            yield return ($"rel-{i + 1}", "related", new CitedClaim(g.Related[i], []));
        }
        if (g.Plan is { } plan)
        {
            for (var i = 0; i < plan.First.Count; i++)
            {
                yield return ($"first-{i + 1}", "plan", new CitedClaim(plan.First[i], plan.First[i].Variants.Select(v => v.Cite).ToList()));
            }
            foreach (var (prefix, links) in new[] { ("after", plan.After), ("with", plan.With) })
            {
                for (var i = 0; i < links.Count; i++)
                {
                    yield return ($"{prefix}-{i + 1}", "plan", new CitedClaim(links[i], []));
                }
            }
            for (var i = 0; i < plan.Covers.Count; i++)
            {
                yield return ($"covers-{i + 1}", "plan", new CitedClaim(plan.Covers[i], []));
            }
        }
    }

    /// <summary>Derives every claim's level as of <paramref name="today"/>.</summary>
    public static GuideEvidence Of(GuideFrontMatter g, DateOnly today)
    {
        var sources = g.Sources.Where(s => s.Id.Length > 0).GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.First(), StringComparer.Ordinal);
        var order = g.Sources.Select((s, i) => (s.Id, i)).GroupBy(x => x.Id).ToDictionary(x => x.Key, x => x.First().i, StringComparer.Ordinal);
        var claims = new List<Claim>();
        var items = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        foreach (var (key, section, claim) in ClaimsOf(g))
        {
            items.TryAdd(claim.Item, key);
            var cited = claim.AllCites.Distinct(StringComparer.Ordinal).Where(sources.ContainsKey).OrderBy(id => order[id]).ToList();
            var current = claim.CurrentCites.Distinct(StringComparer.Ordinal).Where(sources.ContainsKey).Select(id => sources[id]).ToList();
            var newest = current.Select(s => Currency(s)).Where(d => d is not null).Max();
            claims.Add(new Claim(key, section, Level(claim, current, sources, newest, today), cited, newest is { } n ? Format(n) : null));
        }
        var newestOverall = g.Sources.Select(s => Currency(s)).Where(d => d is not null).Max();
        var counts = claims.GroupBy(c => c.Level).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
        return new GuideEvidence(claims, newestOverall is { } o ? Format(o) : null, counts) { Items = items };
    }

    private static string Level(ICitedClaim claim, List<GuideSource> cited, Dictionary<string, GuideSource> all, (DateOnly Day, int Precision)? newest, DateOnly today)
    {
        if (claim.Advice)
        {
            return "advice";
        }
        if (claim.Verified is not null)
        {
            return "verified";
        }
        if (claim.Disputed)
        {
            return "disputed";
        }
        if (claim.CanBeDated && (newest is null || newest.Value.Day.AddYears(DatedAfterYears) < today))
        {
            return "dated";
        }
        return Strength(cited, all);
    }

    /// <summary>confirmed, reported or weak, from the kinds of the cited sources and how many independent ones there are.</summary>
    public static string Strength(IReadOnlyList<GuideSource> cited, IReadOnlyDictionary<string, GuideSource> all)
    {
        if (cited.Any(s => s.Kind is "official" or "regulator"))
        {
            return "confirmed";
        }
        if (Independent(cited.Where(s => Strong.Contains(s.Kind)), all) >= 2)
        {
            return "confirmed";
        }
        if (cited.Any(s => Strong.Contains(s.Kind) || s.Kind == "media") || Independent(cited.Where(s => s.Kind == "community"), all) >= 2)
        {
            return "reported";
        }
        return "weak";
    }

    /// <summary>How many independent texts these are: copies (<c>copy_of</c>) count as their original, one publisher counts once.</summary>
    public static int Independent(IEnumerable<GuideSource> sources, IReadOnlyDictionary<string, GuideSource> all)
    {
        var roots = new HashSet<string>(StringComparer.Ordinal);
        var publishers = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var s in sources)
        {
            var root = s;
            for (var hops = 0; root.CopyOf is { } parent && all.TryGetValue(parent, out var next) && hops < 10; hops++)
            {
                root = next;
            }
            if (roots.Add(root.Id) && publishers.Add(root.Publisher.Trim()))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// How current a source is: its publication date; for a platform's own page also the day it was read, since a live
    /// help page describes the present on the day it is read. Null when neither tells.
    /// </summary>
    public static (DateOnly Day, int Precision)? Currency(GuideSource s)
    {
        var published = ParseDate(s.Published);
        if (s.Kind == "official" && ParseDate(s.Read) is { } read && (published is null || read.Day > published.Value.Day))
        {
            return read;
        }
        return published;
    }

    /// <summary>
    /// Reads <c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>, as the last day of that period (a source of "2024" is not
    /// older than one of "2024-06"), with its precision (1 year, 2 month, 3 day). Anything else is null.
    /// </summary>
    public static (DateOnly Day, int Precision)? ParseDate(string? value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day))
        {
            return (day, 3);
        }
        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", inv, DateTimeStyles.None, out var month))
        {
            return (month.AddMonths(1).AddDays(-1), 2);
        }
        if (value.Length == 4 && int.TryParse(value, NumberStyles.None, inv, out var year) && year is >= 1990 and <= 9999)
        {
            return (new DateOnly(year, 12, 31), 1);
        }
        return null;
    }

    private static string Format((DateOnly Day, int Precision) d) => d.Precision switch
    {
        3 => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        2 => d.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => d.Day.ToString("yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>A claim as the derivation sees it.</summary>
    public interface ICitedClaim
    {
        /// <summary>The front-matter object the claim is about.</summary>
        object Item { get; }
        /// <summary>Every cited id, the superseded and disagreeing ones included: all get footnotes.</summary>
        IEnumerable<string> AllCites { get; }
        /// <summary>The ids behind what the claim says today: what its strength and currency come from.</summary>
        IEnumerable<string> CurrentCites { get; }
        bool Advice { get; }
        string? Verified { get; }
        bool Disputed { get; }
        /// <summary>False for history: an event of 2017 is not made doubtful by being old.</summary>
        bool CanBeDated { get; }
    }

    private sealed record CitedClaim(ICited Cited, List<List<string>> Variants) : ICitedClaim
    {
        public object Item => Cited;
        public IEnumerable<string> AllCites => Cited.Cite.Concat(Variants.SelectMany(v => v));
        public IEnumerable<string> CurrentCites => AllCites;
        public bool Advice => Cited.Advice;
        public string? Verified => Cited.Verified;
        public bool Disputed => Variants.Count > 0;
        public bool CanBeDated => true;
    }

    private sealed record TimingClaim(List<TimingValue> Values) : ICitedClaim
    {
        public object Item => Values;
        private IEnumerable<TimingValue> Current => Values.Where(v => v.Until is null);
        public IEnumerable<string> AllCites => Values.SelectMany(v => v.Cite);
        public IEnumerable<string> CurrentCites => Current.Any() ? Current.SelectMany(v => v.Cite) : AllCites;
        public bool Advice => false;
        public string? Verified => null;
        public bool Disputed => Current.Select(v => v.Value).Distinct().Count() > 1;
        public bool CanBeDated => true;
    }

    private sealed record HistoryClaim(HistoryEvent Event) : ICitedClaim
    {
        public object Item => Event;
        public IEnumerable<string> AllCites => Event.Cite;
        public IEnumerable<string> CurrentCites => Event.Cite;
        public bool Advice => false;
        public string? Verified => null;
        public bool Disputed => false;
        public bool CanBeDated => false;
    }
}
