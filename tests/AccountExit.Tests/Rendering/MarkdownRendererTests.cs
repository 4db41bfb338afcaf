using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Rendering;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Rendering;

/// <summary>
/// Golden files: each <c>golden/NAME.md</c> must render to exactly <c>golden/NAME.html</c>. To accept a deliberate change,
/// run with ACCOUNTEXIT_UPDATE_GOLDEN=1, then read the diff before committing it.
/// </summary>
public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "AccountExit.Tests", "Rendering", "golden");

    public static TheoryData<string> Cases() => [.. Directory.EnumerateFiles(Folder, "*.md").Select(f => Path.GetFileNameWithoutExtension(f)!).Order()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_exactly_as_the_golden_file(string name)
    {
        var markdown = File.ReadAllText(Path.Combine(Folder, name + ".md"));
        var expectedPath = Path.Combine(Folder, name + ".html");
        var html = Renderer.Render(markdown);
        if (Environment.GetEnvironmentVariable("ACCOUNTEXIT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, html);
        }
        Assert.Equal(File.ReadAllText(expectedPath), html);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_holds_no_script_no_event_attribute_and_no_unsafe_url(string name)
    {
        var html = Renderer.Render(File.ReadAllText(Path.Combine(Folder, name + ".md")));
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, style, form"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.TagName} has {attribute.Name}");
                Assert.NotEqual("style", attribute.Name);
                if (attribute.Name is "href" or "src")
                {
                    Assert.True(MarkdownRenderer.IsSafeUrl(attribute.Value), $"{element.TagName} {attribute.Name}={attribute.Value}");
                }
            }
        }
    }

    [Theory]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" JAVASCRIPT:alert(1)", false)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData("vbscript:x", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://example.com/a:b", true)]
    [InlineData("http://example.com", true)]
    [InlineData("mailto:a@example.com", true)]
    [InlineData("/legal#pipl-47", true)]
    [InlineData("guides/qq", true)]
    [InlineData("./a:b", true)]
    [InlineData("#top", true)]
    public void Only_relative_http_https_and_mailto_urls_are_safe(string url, bool safe) =>
        Assert.Equal(safe, MarkdownRenderer.IsSafeUrl(url));

    [Fact]
    public void Raw_html_is_shown_as_text_not_rendered()
    {
        var html = Renderer.Render("<b>粗</b>");
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal);
    }
}
