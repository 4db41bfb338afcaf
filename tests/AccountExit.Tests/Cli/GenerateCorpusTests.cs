using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Cli;

namespace AccountExit.Tests.Cli;

public sealed class GenerateCorpusTests : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static int Generate(string outDir, int count = 40) =>
        GenerateCorpus.Run(["--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outDir], Repo.Root, Repo.Content, TextWriter.Null, TextWriter.Null);

    [Fact]
    public async Task Generated_guides_pass_validation_import_and_can_be_found_by_name_pinyin_and_initials()
    {
        var dir = Path.Combine(_folder.Path, "corpus");
        Assert.Equal(0, Generate(dir));
        var errors = new StringWriter();
        Assert.Equal(0, ValidateContent.Run([dir], Repo.Root, Repo.Content, TextWriter.Null, errors));
        Assert.Equal("", errors.ToString());
        Assert.Equal(40, Directory.GetFiles(Path.Combine(dir, "guides")).Length);
        Assert.Equal(Directory.GetFiles(Path.Combine(Repo.Content, "legal")).Length, Directory.GetFiles(Path.Combine(dir, "legal")).Length);

        var first = File.ReadAllLines(Directory.GetFiles(Path.Combine(dir, "guides")).Order(StringComparer.Ordinal).First());
        string Field(string key) => first.First(l => l.StartsWith(key + ": ", StringComparison.Ordinal))[(key.Length + 2)..].Trim('"');
        var slug = Field("slug");
        var name = Field("name");
        var pinyin = slug[..slug.LastIndexOf('-')];

        using var site = new SiteFactory(dir);
        using var client = site.CreateClient();
        foreach (var query in new[] { name, pinyin })
        {
            var response = await client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query));
            Assert.Contains(response!.Results, r => r.Slug == slug);
        }
        var all = await client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString("注销"));
        Assert.Equal(40, all!.Count);
    }

    [Fact]
    public void The_same_count_gives_the_same_bytes()
    {
        var a = Path.Combine(_folder.Path, "a");
        var b = Path.Combine(_folder.Path, "b");
        Assert.Equal(0, Generate(a, 25));
        Assert.Equal(0, Generate(b, 25));
        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f))));
    }

    [Fact]
    public void It_never_writes_into_the_real_content_folder_or_a_folder_in_use()
    {
        var target = Path.Combine(Repo.Content, "generated");
        Assert.Equal(2, Generate(target, 3));
        Assert.False(Directory.Exists(target));
        Assert.Equal(2, Generate(Repo.Content, 3));

        var used = Directory.CreateDirectory(Path.Combine(_folder.Path, "used")).FullName;
        File.WriteAllText(Path.Combine(used, "keep.txt"), "mine");
        Assert.Equal(2, Generate(used, 3));
        Assert.Equal(["keep.txt"], Directory.GetFiles(used).Select(Path.GetFileName));
    }
}
