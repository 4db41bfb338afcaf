using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Cli;

namespace AccountExit.Tests.Content;

public sealed class ValidateContentTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_repository_content_is_valid()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = ValidateContent.Run([Repo.Content], Repo.Root, Repo.Content, output, errors);
        Assert.Equal("", errors.ToString());
        Assert.Equal(0, exit);
        Assert.Contains($"{Repo.GuideSlugs.Length} guides and", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_folder_exits_nonzero_with_file_line_problem_lines()
    {
        var content = Path.Combine(_folder.Path, "content");
        Repo.CopyFolder(Repo.Content, content);
        File.AppendAllText(Path.Combine(content, "legal", "pipl-47.md"), "");
        var wechat = Path.Combine(content, "guides", "wechat.md");
        File.WriteAllText(wechat, File.ReadAllText(wechat).Replace("\noutcome: deleted", "\noutcome: vanished", StringComparison.Ordinal));

        var errors = new StringWriter();
        var exit = ValidateContent.Run(["content"], _folder.Path, Repo.Content, new StringWriter(), errors);

        Assert.Equal(1, exit);
        var line = Array.FindIndex(File.ReadAllLines(wechat), l => l.StartsWith("outcome:", StringComparison.Ordinal)) + 1;
        Assert.StartsWith($"content/guides/wechat.md:{line}: unknown outcome 'vanished'", errors.ToString(), StringComparison.Ordinal);
    }
}
