using System.Globalization;
using System.Text;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>generate-corpus --count N --out DIR [--seed S]</c>: a content folder of N invented but valid guides (plus the real
/// legal files they cite) for benchmarks and tests. Deterministic: the same count and seed give the same bytes.
/// The legal files come from <c>AccountExit:ContentPath</c> (<paramref name="contentPath"/> of <c>Run</c>), the same
/// content folder the site imports; it refuses to write into that folder or into a folder that is not empty.
/// </summary>
public static class GenerateCorpus
{
    private const string Usage = "usage: generate-corpus --count N --out DIR [--seed S]";

    public static int Run(string[] args, string workingDirectory, string contentPath, TextWriter output, TextWriter errors)
    {
        int? count = null;
        string? outDir = null;
        ulong seed = 20261129;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--count" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1_000_000:
                    count = n;
                    break;
                case "--out":
                    outDir = Path.GetFullPath(args[i + 1], workingDirectory);
                    break;
                case "--seed" when ulong.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    break;
                default:
                    errors.WriteLine($"unknown or invalid option '{args[i]} {args[i + 1]}'");
                    errors.WriteLine(Usage);
                    return 2;
            }
        }
        if (count is null || outDir is null || args.Length % 2 != 0)
        {
            errors.WriteLine(Usage);
            return 2;
        }

        var realContent = Path.GetFullPath(contentPath);
        if (IsInside(outDir, realContent))
        {
            errors.WriteLine($"refusing to write generated guides into the real content folder {realContent}");
            return 2;
        }
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            errors.WriteLine($"{outDir} is not empty: give a new or empty folder");
            return 2;
        }
        var legalSource = Path.Combine(realContent, "legal");
        if (!Directory.Exists(legalSource))
        {
            errors.WriteLine($"no legal folder at {legalSource}: set AccountExit:ContentPath (env AccountExit__ContentPath) to a content folder");
            return 2;
        }

        var legalOut = Directory.CreateDirectory(Path.Combine(outDir, "legal")).FullName;
        var legalIds = new List<string>();
        foreach (var file in Directory.EnumerateFiles(legalSource, "*.md").Order(StringComparer.Ordinal))
        {
            File.Copy(file, Path.Combine(legalOut, Path.GetFileName(file)));
            legalIds.Add(Path.GetFileNameWithoutExtension(file));
        }
        var guidesOut = Directory.CreateDirectory(Path.Combine(outDir, "guides")).FullName;
        var platforms = GeneratedGuide.Platforms(count.Value, new GeneratedGuide.Random64(seed));
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        for (var i = 0; i < platforms.Count; i++)
        {
            var text = GeneratedGuide.Write(platforms, i, legalIds, new GeneratedGuide.Random64(seed ^ (ulong)(i + 1) * 0x9E3779B97F4A7C15UL));
            File.WriteAllText(Path.Combine(guidesOut, platforms[i].Slug + ".md"), text, utf8);
        }
        output.WriteLine($"wrote {count} guides and {legalIds.Count} legal provisions to {outDir}");
        return 0;
    }

    private static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
