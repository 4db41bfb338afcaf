namespace AccountExit.Tests.Infrastructure;

public static class Repo
{
    /// <summary>The repository root: the folder holding AccountExit.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = Find();

    public static string Content => Path.Combine(Root, "content");

    /// <summary>Every guide in content/guides, by file name.</summary>
    public static readonly string[] GuideSlugs = [.. Directory.EnumerateFiles(Path.Combine(Root, "content", "guides"), "*.md")
        .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    /// <summary>The eight guides the project started with (the 2018 article's list); tests about their facts name them.</summary>
    public static readonly string[] FirstEight = ["wechat", "qq", "weibo", "taobao", "alipay", "jd", "baidu", "netease"];

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AccountExit.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("AccountExit.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh temporary folder, removed when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("accountexit-test-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold a file on a slow shutdown; the OS cleans temp folders.
            }
        }
    }

    public static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
