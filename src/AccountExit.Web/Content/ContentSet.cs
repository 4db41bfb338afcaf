using System.Security.Cryptography;
using System.Text;

namespace AccountExit.Web.Content;

/// <summary>
/// Every file of a content folder, parsed and checked, including the checks that span files
/// (duplicate slugs and ids, legal ids a guide cites, related slugs). A file with any problem is left out whole.
/// </summary>
public sealed class ContentSet
{
    public List<ContentFile<GuideFrontMatter>> Guides { get; } = [];
    public List<ContentFile<LegalFrontMatter>> Legal { get; } = [];
    public List<FrontMatterError> Errors { get; } = [];

    public static ContentSet Load(string contentPath)
    {
        var set = new ContentSet();
        var root = Path.GetFullPath(contentPath);
        var shownRoot = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        if (!Directory.Exists(root))
        {
            set.Errors.Add(new(contentPath, 0, "the content folder does not exist"));
            return set;
        }

        var legal = Read<LegalFrontMatter>(root, shownRoot, "legal", ContentRules.Check, set.Errors);
        set.Legal.AddRange(Unique(legal, f => f.FrontMatter.Id, "id", set.Errors));
        // A reference to a file that exists but is broken is not this file's problem: the broken file is reported on
        // its own and keeps its last good version on the site, so nothing else needs to fail with it.
        var legalIds = Known(root, "legal", set.Legal.Select(l => l.FrontMatter.Id));

        var guides = Unique(Read<GuideFrontMatter>(root, shownRoot, "guides", ContentRules.Check, set.Errors), f => f.FrontMatter.Slug, "slug", set.Errors).ToList();
        var slugs = Known(root, "guides", guides.Select(g => g.FrontMatter.Slug));
        foreach (var guide in guides)
        {
            var problems = new List<FrontMatterError>();
            var g = guide.FrontMatter;
            for (var i = 0; i < g.Legal.Count; i++)
            {
                if (!legalIds.Contains(g.Legal[i]))
                {
                    problems.Add(guide.Error($"legal[{i}]", $"unknown legal id '{g.Legal[i]}' (no content/legal file has it)"));
                }
            }
            for (var i = 0; i < g.Related.Count; i++)
            {
                if (g.Related[i].Slug is { } slug && !slugs.Contains(slug))
                {
                    problems.Add(guide.Error($"related[{i}].slug", $"unknown guide slug '{slug}'"));
                }
            }
            problems.AddRange(UnknownPlanSlugs(g, slugs).Select(p => guide.Error(p.Key, p.Problem)));
            if (problems.Count == 0)
            {
                set.Guides.Add(guide);
            }
            set.Errors.AddRange(problems);
        }
        // Guides whose plan links go round in a circle cannot be ordered: every link in the circle is reported and
        // its guides are left out, like any other broken file.
        var cyclic = PlanCycles(set.Guides.Select(f => f.FrontMatter)).ToList();
        foreach (var (slug, key, problem) in cyclic)
        {
            var guide = set.Guides.First(f => f.FrontMatter.Slug == slug);
            set.Errors.Add(guide.Error(key, problem));
        }
        set.Guides.RemoveAll(f => cyclic.Any(c => c.Slug == f.FrontMatter.Slug));
        return set;
    }

    /// <summary>Plan links to slugs no guide has (by key, e.g. <c>plan.after[0].slug</c>).</summary>
    public static IEnumerable<(string Key, string Problem)> UnknownPlanSlugs(GuideFrontMatter guide, IReadOnlySet<string> slugs)
    {
        foreach (var (list, links) in new[] { ("after", guide.Plan?.After ?? []), ("with", guide.Plan?.With ?? []) })
        {
            for (var i = 0; i < links.Count; i++)
            {
                if (!slugs.Contains(links[i].Slug))
                {
                    yield return ($"plan.{list}[{i}].slug", $"unknown guide slug '{links[i].Slug}' in plan.{list}");
                }
            }
        }
    }

    /// <summary>Every plan link that is part of a cycle, as (guide, key, problem).</summary>
    public static IEnumerable<(string Slug, string Key, string Problem)> PlanCycles(IEnumerable<GuideFrontMatter> guides)
    {
        var list = guides.ToList();
        var order = PlanOrder.Compute(list.Select(g => (g.Slug, g.Plan)));
        foreach (var cycle in order.Cycles)
        {
            var names = string.Join(", ", cycle.Order(StringComparer.Ordinal));
            foreach (var guide in list.Where(g => cycle.Contains(g.Slug)))
            {
                foreach (var (kind, links) in new[] { ("after", guide.Plan?.After ?? []), ("with", guide.Plan?.With ?? []) })
                {
                    for (var i = 0; i < links.Count; i++)
                    {
                        if (cycle.Contains(links[i].Slug))
                        {
                            yield return (guide.Slug, $"plan.{kind}[{i}].slug",
                                $"plan.{kind} '{links[i].Slug}' closes a cycle among {names}: no order can put each after the ones it names");
                        }
                    }
                }
            }
        }
    }

    private static HashSet<string> Known(string root, string folder, IEnumerable<string> valid)
    {
        var known = valid.ToHashSet(StringComparer.Ordinal);
        var dir = Path.Combine(root, folder);
        if (Directory.Exists(dir))
        {
            known.UnionWith(Directory.EnumerateFiles(dir, "*.md").Select(f => Path.GetFileNameWithoutExtension(f)));
        }
        return known;
    }

    private static List<ContentFile<T>> Read<T>(string root, string shownRoot, string folder,
        Action<ContentFile<T>, List<FrontMatterError>> check, List<FrontMatterError> errors) where T : class
    {
        var files = new List<ContentFile<T>>();
        var dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir))
        {
            return files;
        }
        // Parsing is independent per file and dominates a large import: spread it over the cores, keep the file order.
        var parsed = Files(dir).AsParallel().AsOrdered()
            .Select(full =>
            {
                var shown = $"{shownRoot}/{folder}/{Path.GetFileName(full)}";
                var problems = new List<FrontMatterError>();
                var file = ContentFile.Parse<T>(shown, File.ReadAllBytes(full), problems);
                if (file is not null)
                {
                    check(file, problems);
                }
                return (File: file, Problems: problems);
            })
            .ToList();
        foreach (var (file, problems) in parsed)
        {
            if (problems.Count == 0 && file is not null)
            {
                files.Add(file);
            }
            errors.AddRange(problems);
        }
        return files;
    }

    /// <summary>The files of a content folder that <see cref="Load"/> reads, in the order it reads them.</summary>
    private static IOrderedEnumerable<string> Files(string dir) => Directory.EnumerateFiles(dir, "*.md").Order(StringComparer.Ordinal);

    /// <summary>
    /// What <see cref="Load"/> would read, as one SHA-256: the folder's name, every file's name and bytes, and the build
    /// doing the reading (its module version id, which changes with any change to the code that parses, checks or
    /// imports). Equal fingerprints mean an import would find exactly what the last one found. Null when the folder does not exist.
    /// </summary>
    public static (string Hash, int Files)? Fingerprint(string contentPath)
    {
        var root = Path.GetFullPath(contentPath);
        if (!Directory.Exists(root))
        {
            return null;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void AddBytes(byte[] bytes)
        {
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        void Add(string text) => AddBytes(Encoding.UTF8.GetBytes(text));
        Add(typeof(ContentSet).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)));
        var count = 0;
        foreach (var folder in new[] { "legal", "guides" })
        {
            var dir = Path.Combine(root, folder);
            Add(folder);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (var file in Files(dir))
            {
                Add(Path.GetFileName(file));
                AddBytes(File.ReadAllBytes(file));
                count++;
            }
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), count);
    }

    private static IEnumerable<ContentFile<T>> Unique<T>(List<ContentFile<T>> files, Func<ContentFile<T>, string> key, string name,
        List<FrontMatterError> errors) where T : class
    {
        var seen = new Dictionary<string, ContentFile<T>>(StringComparer.Ordinal);
        // The file named after its slug or id keeps it; among the others, the first by name.
        foreach (var file in files.OrderBy(f => Path.GetFileNameWithoutExtension(f.Path) == key(f) ? 0 : 1))
        {
            if (seen.TryGetValue(key(file), out var first))
            {
                errors.Add(file.Error(name, $"duplicate {name} '{key(file)}': {first.Path} already uses it"));
                continue;
            }
            seen.Add(key(file), file);
            yield return file;
        }
    }
}
