using AccountExit.Web.Content;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>validate-content [DIR]</c>: every problem as <c>file:line: problem</c>; exit code 1 if there is any. DIR defaults
/// to <c>AccountExit:ContentPath</c> (<paramref name="contentPath"/>), as the site's import does.
/// </summary>
public static class ValidateContent
{
    public static int Run(string[] args, string workingDirectory, string contentPath, TextWriter output, TextWriter errors)
    {
        var dir = args.Length > 0 ? Resolve(args[0], workingDirectory) : contentPath;
        if (!Directory.Exists(dir))
        {
            errors.WriteLine($"no content folder at {dir}: pass DIR or set AccountExit:ContentPath (env AccountExit__ContentPath)");
            return 2;
        }
        var set = ContentSet.Load(dir);
        foreach (var error in set.Errors)
        {
            errors.WriteLine(error);
        }
        output.WriteLine($"{dir}: {set.Guides.Count} guides and {set.Legal.Count} legal provisions valid, {set.Errors.Count} problems");
        return set.Errors.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// A relative folder from the working directory or, since `dotnet run --project` runs in the project's folder,
    /// from the nearest parent that has it.
    /// </summary>
    private static string Resolve(string dir, string start)
    {
        if (Path.IsPathRooted(dir))
        {
            return dir;
        }
        for (var parent = new DirectoryInfo(start); parent is not null; parent = parent.Parent)
        {
            var candidate = Path.Combine(parent.FullName, dir);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.GetFullPath(dir, start);
    }
}
