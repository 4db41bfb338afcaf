using AccountExit.Web.Content;

namespace AccountExit.Web.Cli;

/// <summary><c>validate-content [DIR]</c>: every problem as <c>file:line: problem</c>; exit code 1 if there is any.</summary>
public static class ValidateContent
{
    public static int Run(string[] args, string workingDirectory)
    {
        var dir = args.Length > 0 ? args[0] : FindContentFolder(workingDirectory);
        var set = ContentSet.Load(Path.GetFullPath(dir, workingDirectory));
        foreach (var error in set.Errors)
        {
            Console.Error.WriteLine(error);
        }
        Console.WriteLine($"{dir}: {set.Guides.Count} guides and {set.Legal.Count} legal provisions valid, {set.Errors.Count} problems");
        return set.Errors.Count == 0 ? 0 : 1;
    }

    /// <summary>The repository's content/ folder, found from the working directory upwards.</summary>
    private static string FindContentFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (Directory.Exists(Path.Combine(candidate, "guides")))
            {
                return candidate;
            }
        }
        return "content";
    }
}
