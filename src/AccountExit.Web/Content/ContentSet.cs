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
        var legalIds = set.Legal.Select(l => l.FrontMatter.Id).ToHashSet(StringComparer.Ordinal);

        var guides = Unique(Read<GuideFrontMatter>(root, shownRoot, "guides", ContentRules.Check, set.Errors), f => f.FrontMatter.Slug, "slug", set.Errors).ToList();
        var slugs = guides.Select(g => g.FrontMatter.Slug).ToHashSet(StringComparer.Ordinal);
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
            if (problems.Count == 0)
            {
                set.Guides.Add(guide);
            }
            set.Errors.AddRange(problems);
        }
        return set;
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
        foreach (var full in Directory.EnumerateFiles(dir, "*.md").Order(StringComparer.Ordinal))
        {
            var shown = $"{shownRoot}/{folder}/{Path.GetFileName(full)}";
            var problems = new List<FrontMatterError>();
            var file = ContentFile.Parse<T>(shown, File.ReadAllBytes(full), problems);
            if (file is not null)
            {
                check(file, problems);
            }
            if (problems.Count == 0 && file is not null)
            {
                files.Add(file);
            }
            errors.AddRange(problems);
        }
        return files;
    }

    private static IEnumerable<ContentFile<T>> Unique<T>(List<ContentFile<T>> files, Func<ContentFile<T>, string> key, string name,
        List<FrontMatterError> errors) where T : class
    {
        var seen = new Dictionary<string, ContentFile<T>>(StringComparer.Ordinal);
        foreach (var file in files)
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
