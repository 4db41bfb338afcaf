using System.Globalization;
using System.Text.RegularExpressions;

namespace AccountExit.Web.Content;

/// <summary>The checks of docs/content-format.md for one file at a time; cross-file checks live in <see cref="ContentSet"/>.</summary>
public static partial class ContentRules
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>
    /// A plain address, nothing a mail client could read as more: no display name, no comments, no quoting, no
    /// characters that mean something in a <c>mailto:</c> URL. Stricter than RFC 5322 on purpose.
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    public static void Check(ContentFile<GuideFrontMatter> file, List<FrontMatterError> errors) =>
        Check(file, errors, DateOnly.FromDateTime(DateTime.UtcNow));

    /// <param name="today">The day "a read date in the future" is judged against.</param>
    public static void Check(ContentFile<GuideFrontMatter> file, List<FrontMatterError> errors, DateOnly today)
    {
        var g = file.FrontMatter;
        Id(file, "slug", g.Slug, errors);
        Required(file, errors, ("name", g.Name), ("name_en", g.NameEn), ("company", g.Company), ("summary", g.Summary),
            ("summary_en", g.SummaryEn), ("category", g.Category), ("difficulty", g.Difficulty), ("outcome", g.Outcome),
            ("last_verified", g.LastVerified));
        OneOf(file, "category", g.Category, Vocabulary.Categories, errors);
        OneOf(file, "difficulty", g.Difficulty, Vocabulary.Difficulties, errors);
        OneOf(file, "outcome", g.Outcome, Vocabulary.Outcomes, errors);
        foreach (var (key, value) in new[] { ("summary", g.Summary), ("summary_en", g.SummaryEn) })
        {
            if (value.Trim().Contains('\n', StringComparison.Ordinal))
            {
                errors.Add(file.Error(key, $"{key} must be one line (a card shows it; put the detail in the body)"));
            }
        }
        for (var i = 0; i < g.Aliases.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(g.Aliases[i]))
            {
                errors.Add(file.Error($"aliases[{i}]", "an alias is empty"));
            }
        }
        var cited = new GuideCitations(file, g, errors);
        for (var i = 0; i < g.EntryPaths.Count; i++)
        {
            var path = g.EntryPaths[i];
            OneOf(file, $"entry_paths[{i}].platform", path.Platform, Vocabulary.Platforms, errors);
            if (path.Steps.Count == 0 || path.Steps.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add(file.Error($"entry_paths[{i}].steps", "an entry path needs at least one step, and no step may be empty"));
            }
            cited.Claim($"entry_paths[{i}]", path);
        }
        Facts(file, cited, "preconditions", g.Preconditions, errors);
        Facts(file, cited, "consequences", g.Consequences, errors);
        Facts(file, cited, "alternatives", g.Alternatives, errors);
        if (g.Timing is { } t)
        {
            foreach (var (key, values) in new[] { ("cooling_off_days", t.CoolingOffDays), ("processing_hours", t.ProcessingHours), ("idle_days", t.IdleDays) })
            {
                for (var i = 0; i < values.Count; i++)
                {
                    var at = $"timing.{key}[{i}]";
                    if (values[i].Value < 0)
                    {
                        errors.Add(file.Error(at + ".value", "timing numbers cannot be negative"));
                    }
                    if (values[i].Until is { } until)
                    {
                        Date(file, at + ".until", until, allowMonth: true, errors, allowYear: true);
                    }
                    cited.Ids(at, values[i].Cite, required: true);
                }
            }
        }
        for (var i = 0; i < g.History.Count; i++)
        {
            var at = $"history[{i}]";
            Required(file, errors, (at + ".date", g.History[i].Date), (at + ".text", g.History[i].Text));
            Date(file, at + ".date", g.History[i].Date, allowMonth: true, errors, allowYear: true);
            cited.Ids(at, g.History[i].Cite, required: true);
        }
        for (var i = 0; i < g.Related.Count; i++)
        {
            Required(file, errors, ($"related[{i}].name", g.Related[i].Name), ($"related[{i}].reason", g.Related[i].Reason));
            cited.Claim($"related[{i}]", g.Related[i]);
        }
        for (var i = 0; i < g.Legal.Count; i++)
        {
            Id(file, $"legal[{i}]", g.Legal[i], errors);
        }
        if (g.Plan is { } plan)
        {
            Plan(file, cited, plan, errors);
        }
        if (g.OfficialUrl is not null)
        {
            WebUrl(file, "official_url", g.OfficialUrl, errors);
        }
        if (g.RequestEmail is not null)
        {
            Email(file, "request_email", g.RequestEmail, errors);
        }
        GuideSources(file, g.Sources, errors, today);
        cited.Unused();
        Date(file, "last_verified", g.LastVerified, allowMonth: false, errors);
    }

    public static void Check(ContentFile<LegalFrontMatter> file, List<FrontMatterError> errors)
    {
        var l = file.FrontMatter;
        Id(file, "id", l.Id, errors);
        Required(file, errors, ("law", l.Law), ("law_en", l.LawEn), ("article", l.Article), ("article_en", l.ArticleEn),
            ("title", l.Title), ("title_en", l.TitleEn), ("issuer", l.Issuer), ("status", l.Status),
            ("verification", l.Verification), ("gloss_en", l.GlossEn));
        OneOf(file, "status", l.Status, Vocabulary.LegalStatuses, errors);
        OneOf(file, "verification", l.Verification, Vocabulary.Verifications, errors);
        foreach (var (key, value) in new[] { ("adopted", l.Adopted), ("effective", l.Effective), ("amended", l.Amended) })
        {
            if (value is not null)
            {
                Date(file, key, value, allowMonth: false, errors);
            }
        }
        Sources(file, l.Sources, errors);
        if (string.IsNullOrWhiteSpace(file.Body))
        {
            errors.Add(new(file.Path, 1, "the body must hold the provision's verbatim text"));
        }
    }

    private static void Id<T>(ContentFile<T> file, string key, string value, List<FrontMatterError> errors) where T : class
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(file.Error(key, $"missing required field '{key}'"));
        }
        else if (!IdPattern().IsMatch(value))
        {
            errors.Add(file.Error(key, $"'{value}' is not a valid {key}: use lowercase letters, digits and single '-'"));
        }
    }

    private static void Required<T>(ContentFile<T> file, List<FrontMatterError> errors, params (string Key, string? Value)[] fields) where T : class
    {
        foreach (var (key, value) in fields)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(file.Error(key, $"missing required field '{key}'"));
            }
        }
    }

    private static void OneOf<T>(ContentFile<T> file, string key, string value, IReadOnlyDictionary<string, (string, string)> allowed,
        List<FrontMatterError> errors) where T : class
    {
        if (!string.IsNullOrWhiteSpace(value) && !allowed.ContainsKey(value))
        {
            errors.Add(file.Error(key, $"unknown {key.Split('.')[^1]} '{value}' (allowed: {string.Join(", ", allowed.Keys)})"));
        }
        else if (string.IsNullOrWhiteSpace(value) && key.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(file.Error(key, $"missing required field '{key}'"));
        }
    }

    private static void Facts(ContentFile<GuideFrontMatter> file, GuideCitations cited, string key, List<Fact> facts, List<FrontMatterError> errors)
    {
        for (var i = 0; i < facts.Count; i++)
        {
            Required(file, errors, ($"{key}[{i}].text", facts[i].Text));
            cited.Claim($"{key}[{i}]", facts[i]);
            for (var v = 0; v < facts[i].Variants.Count; v++)
            {
                var at = $"{key}[{i}].variants[{v}]";
                Required(file, errors, (at + ".text", facts[i].Variants[v].Text));
                cited.Ids(at, facts[i].Variants[v].Cite, required: true);
            }
        }
    }

    /// <summary>The plan block on its own; slugs that must exist and cycles across guides are <see cref="ContentSet"/>'s.</summary>
    private static void Plan(ContentFile<GuideFrontMatter> file, GuideCitations cited, GuidePlan plan, List<FrontMatterError> errors)
    {
        Facts(file, cited, "plan.first", plan.First, errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, links) in new[] { ("after", plan.After), ("with", plan.With) })
        {
            for (var i = 0; i < links.Count; i++)
            {
                var key = $"plan.{list}[{i}]";
                var link = links[i];
                Id(file, key + ".slug", link.Slug, errors);
                Required(file, errors, (key + ".reason", link.Reason));
                cited.Claim(key, link);
                if (link.Slug == file.FrontMatter.Slug && link.Slug.Length > 0)
                {
                    errors.Add(file.Error(key + ".slug", $"a guide cannot be in its own plan {list}: '{link.Slug}' is this guide"));
                }
                else if (link.Slug.Length > 0 && !seen.Add(link.Slug))
                {
                    errors.Add(file.Error(key + ".slug", $"'{link.Slug}' is listed twice in plan.after and plan.with"));
                }
            }
        }
        for (var i = 0; i < plan.Covers.Count; i++)
        {
            var key = $"plan.covers[{i}]";
            Required(file, errors, (key + ".name", plan.Covers[i].Name), (key + ".reason", plan.Covers[i].Reason));
            cited.Claim(key, plan.Covers[i]);
        }
    }

    /// <summary>A guide's sources: each graded, dated and linked (docs/content-format.md, "Sources").</summary>
    private static void GuideSources(ContentFile<GuideFrontMatter> file, List<GuideSource> sources, List<FrontMatterError> errors, DateOnly today)
    {
        if (sources.Count == 0)
        {
            errors.Add(file.Error("sources", "at least one source is required"));
        }
        var ids = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seeds = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            var at = $"sources[{i}]";
            Id(file, at + ".id", s.Id, errors);
            if (s.Id.Length > 0 && !seen.Add(s.Id))
            {
                errors.Add(file.Error(at + ".id", $"source id '{s.Id}' is used twice"));
            }
            Required(file, errors, (at + ".kind", s.Kind), (at + ".publisher", s.Publisher), (at + ".title", s.Title),
                (at + ".published", s.Published), (at + ".read", s.Read));
            if (s.Kind.Length > 0 && !Vocabulary.SourceKinds.ContainsKey(s.Kind))
            {
                errors.Add(file.Error(at + ".kind", $"unknown kind '{s.Kind}' (allowed: {string.Join(", ", Vocabulary.SourceKinds.Keys)})"));
            }
            if (s.Seed && ++seeds > 1)
            {
                errors.Add(file.Error(at + ".seed", "only one source can be the seed article"));
            }
            if (s.Url is { } url)
            {
                WebUrl(file, at + ".url", url, errors);
            }
            else if (!s.Seed)
            {
                errors.Add(file.Error(at, $"source '{s.Id}' has no url: every source but the 2018 seed article (seed: true) needs the address it was read at"));
            }
            if (s.Published.Length > 0 && s.Published != "unknown")
            {
                Date(file, at + ".published", s.Published, allowMonth: true, errors, allowYear: true);
            }
            if (s.Read.Length > 0)
            {
                Date(file, at + ".read", s.Read, allowMonth: false, errors);
                var read = Evidence.ParseDate(s.Read);
                var published = Evidence.ParseDate(s.Published);
                if (read is { Precision: 3 } r && r.Day > today)
                {
                    errors.Add(file.Error(at + ".read", $"read date {s.Read} is in the future"));
                }
                // A month or year is read as its last day: compare with its first, or a page read the month it appeared would fail.
                else if (read is { Precision: 3 } r2 && published is { } p && r2.Day < FirstDay(p))
                {
                    errors.Add(file.Error(at + ".read", $"read date {s.Read} is before the published date {s.Published}"));
                }
            }
            if (s.CopyOf is { } copyOf && (copyOf == s.Id || !ids.Contains(copyOf)))
            {
                errors.Add(file.Error(at + ".copy_of", $"copy_of '{copyOf}' is not another source of this guide"));
            }
        }
    }

    private static DateOnly FirstDay((DateOnly Day, int Precision) d) => d.Precision switch
    {
        3 => d.Day,
        2 => new DateOnly(d.Day.Year, d.Day.Month, 1),
        _ => new DateOnly(d.Day.Year, 1, 1),
    };

    /// <summary>Checks every claim's <c>cite</c> against the guide's source ids, and which sources no claim cites.</summary>
    private sealed class GuideCitations(ContentFile<GuideFrontMatter> file, GuideFrontMatter guide, List<FrontMatterError> errors)
    {
        private readonly HashSet<string> _ids = guide.Sources.Select(s => s.Id).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public void Claim(string key, ICited claim)
        {
            Ids(key, claim.Cite, required: !claim.Advice);
            if (claim.Verified is { } verified)
            {
                Date(file, key + ".verified", verified, allowMonth: false, errors);
            }
        }

        public void Ids(string key, List<string> cite, bool required)
        {
            if (required && cite.Count == 0)
            {
                errors.Add(file.Error(key, $"{key} cites no source: add cite: [source ids], or advice: true if it is the site's own advice"));
            }
            for (var i = 0; i < cite.Count; i++)
            {
                _used.Add(cite[i]);
                if (!_ids.Contains(cite[i]))
                {
                    errors.Add(file.Error($"{key}.cite[{i}]", $"unknown source id '{cite[i]}' (not in this guide's sources)"));
                }
            }
        }

        public void Unused()
        {
            for (var i = 0; i < guide.Sources.Count; i++)
            {
                var s = guide.Sources[i];
                if (s.Id.Length > 0 && !_used.Contains(s.Id) && !guide.Sources.Any(o => o.CopyOf == s.Id && _used.Contains(o.Id)))
                {
                    errors.Add(file.Error($"sources[{i}].id", $"source '{s.Id}' is cited by no claim: cite it or remove it"));
                }
            }
        }
    }

    private static void Sources<T>(ContentFile<T> file, List<Source> sources, List<FrontMatterError> errors) where T : class
    {
        if (sources.Count == 0)
        {
            errors.Add(file.Error("sources", "at least one source is required"));
        }
        for (var i = 0; i < sources.Count; i++)
        {
            Required(file, errors, ($"sources[{i}].title", sources[i].Title));
            if (sources[i].Url is { } url)
            {
                WebUrl(file, $"sources[{i}].url", url, errors);
            }
            if (sources[i].Date is { } date)
            {
                Date(file, $"sources[{i}].date", date, allowMonth: true, errors);
            }
        }
    }

    private static void WebUrl<T>(ContentFile<T> file, string key, string value, List<FrontMatterError> errors) where T : class
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(file.Error(key, $"'{value}' is not an http or https address"));
        }
    }

    private static void Email<T>(ContentFile<T> file, string key, string value, List<FrontMatterError> errors) where T : class
    {
        var local = value.Split('@')[0];
        if (value.Length > 254 || !EmailPattern().IsMatch(value) || local.StartsWith('.') || local.EndsWith('.')
            || value.Contains("..", StringComparison.Ordinal))
        {
            errors.Add(file.Error(key, $"'{value}' is not an email address: write a plain address such as privacy@example.com"));
        }
    }

    private static void Date<T>(ContentFile<T> file, string key, string value, bool allowMonth, List<FrontMatterError> errors, bool allowYear = false) where T : class
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        var ok = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || (allowMonth && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            || (allowYear && Evidence.ParseDate(value) is { Precision: 1 });
        if (!ok)
        {
            var forms = allowYear ? "YYYY, YYYY-MM or YYYY-MM-DD" : allowMonth ? "YYYY-MM or YYYY-MM-DD" : "YYYY-MM-DD";
            errors.Add(file.Error(key, $"'{value}' is not a date: write {forms}"));
        }
    }
}
