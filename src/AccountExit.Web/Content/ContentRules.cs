using System.Globalization;
using System.Text.RegularExpressions;

namespace AccountExit.Web.Content;

/// <summary>The checks of docs/content-format.md for one file at a time; cross-file checks live in <see cref="ContentSet"/>.</summary>
public static partial class ContentRules
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    public static void Check(ContentFile<GuideFrontMatter> file, List<FrontMatterError> errors)
    {
        var g = file.FrontMatter;
        Id(file, "slug", g.Slug, errors);
        Required(file, errors, ("name", g.Name), ("name_en", g.NameEn), ("company", g.Company), ("summary", g.Summary),
            ("summary_en", g.SummaryEn), ("category", g.Category), ("difficulty", g.Difficulty), ("outcome", g.Outcome),
            ("facts_as_of", g.FactsAsOf), ("last_verified", g.LastVerified));
        OneOf(file, "category", g.Category, Vocabulary.Categories, errors);
        OneOf(file, "difficulty", g.Difficulty, Vocabulary.Difficulties, errors);
        OneOf(file, "outcome", g.Outcome, Vocabulary.Outcomes, errors);
        if (g.Summary.Contains('\n', StringComparison.Ordinal))
        {
            errors.Add(file.Error("summary", "summary must be one line"));
        }
        for (var i = 0; i < g.Aliases.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(g.Aliases[i]))
            {
                errors.Add(file.Error($"aliases[{i}]", "an alias is empty"));
            }
        }
        for (var i = 0; i < g.EntryPaths.Count; i++)
        {
            var path = g.EntryPaths[i];
            OneOf(file, $"entry_paths[{i}].platform", path.Platform, Vocabulary.Platforms, errors);
            OneOf(file, $"entry_paths[{i}].status", path.Status, Vocabulary.FactStatuses, errors);
            if (path.Steps.Count == 0 || path.Steps.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add(file.Error($"entry_paths[{i}].steps", "an entry path needs at least one step, and no step may be empty"));
            }
        }
        Facts(file, "preconditions", g.Preconditions, errors);
        Facts(file, "consequences", g.Consequences, errors);
        Facts(file, "alternatives", g.Alternatives, errors);
        if (g.Timing is { } t && (t.CoolingOffDays < 0 || t.ProcessingHours < 0 || t.IdleDays < 0))
        {
            errors.Add(file.Error("timing", "timing numbers cannot be negative"));
        }
        for (var i = 0; i < g.Related.Count; i++)
        {
            Required(file, errors, ($"related[{i}].name", g.Related[i].Name), ($"related[{i}].reason", g.Related[i].Reason));
        }
        for (var i = 0; i < g.Legal.Count; i++)
        {
            Id(file, $"legal[{i}]", g.Legal[i], errors);
        }
        if (g.Plan is { } plan)
        {
            Plan(file, plan, errors);
        }
        if (g.OfficialUrl is not null)
        {
            WebUrl(file, "official_url", g.OfficialUrl, errors);
        }
        Sources(file, g.Sources, errors);
        Date(file, "facts_as_of", g.FactsAsOf, allowMonth: true, errors);
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

    private static void Facts(ContentFile<GuideFrontMatter> file, string key, List<Fact> facts, List<FrontMatterError> errors)
    {
        for (var i = 0; i < facts.Count; i++)
        {
            Required(file, errors, ($"{key}[{i}].text", facts[i].Text));
            OneOf(file, $"{key}[{i}].status", facts[i].Status, Vocabulary.FactStatuses, errors);
        }
    }

    /// <summary>The plan block on its own; slugs that must exist and cycles across guides are <see cref="ContentSet"/>'s.</summary>
    private static void Plan(ContentFile<GuideFrontMatter> file, GuidePlan plan, List<FrontMatterError> errors)
    {
        Facts(file, "plan.first", plan.First, errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, links) in new[] { ("after", plan.After), ("with", plan.With) })
        {
            for (var i = 0; i < links.Count; i++)
            {
                var key = $"plan.{list}[{i}]";
                var link = links[i];
                Id(file, key + ".slug", link.Slug, errors);
                Required(file, errors, (key + ".reason", link.Reason));
                OneOf(file, key + ".status", link.Status, Vocabulary.FactStatuses, errors);
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
            OneOf(file, key + ".status", plan.Covers[i].Status, Vocabulary.FactStatuses, errors);
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

    private static void Date<T>(ContentFile<T> file, string key, string value, bool allowMonth, List<FrontMatterError> errors) where T : class
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        var ok = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || (allowMonth && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        if (!ok)
        {
            errors.Add(file.Error(key, $"'{value}' is not a date: write {(allowMonth ? "YYYY-MM or YYYY-MM-DD" : "YYYY-MM-DD")}"));
        }
    }
}
