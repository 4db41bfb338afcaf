using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Rendering;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AccountExit.Tests.Security;

/// <summary>Every payload of the corpus through the real render path, and through the editor's preview.</summary>
public sealed class HostileMarkdownTests : IClassFixture<HostileMarkdownTests.Site>
{
    public sealed class Site : IDisposable
    {
        public EditorSite Editors { get; } = new();

        public void Dispose() => Editors.Dispose();
    }

    private static readonly MarkdownRenderer Renderer = new();
    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "srcset", "data", "poster", "background"];
    private readonly EditorSite _site;

    public HostileMarkdownTests(Site site) => _site = site.Editors;

    [Fact]
    public void The_corpus_has_at_least_150_payloads() => Assert.True(XssCorpus.All().Count() >= 150, $"{XssCorpus.All().Count()} payloads");

    [Theory]
    [MemberData(nameof(XssCorpus.Cases), MemberType = typeof(XssCorpus))]
    public void Rendered_output_holds_no_script_no_event_attribute_and_no_unsafe_url(string payload) =>
        AssertHarmless(new HtmlParser().ParseDocument("<body>" + Renderer.Render(payload)).Body!, payload);

    [Fact]
    public async Task The_editor_preview_of_every_payload_is_harmless()
    {
        using var editor = await _site.SignInAsync(EditorSite.Editor);
        var form = await editor.OpenAsync("/editor/guides/qq/edit");
        foreach (var payload in XssCorpus.All())
        {
            var preview = await editor.SubmitAsync(form, "button[formaction$='handler=preview']", new Dictionary<string, string>
            {
                ["Body"] = payload,
                ["Input.Preconditions[0].Text"] = payload,
            });
            var section = preview.Document.QuerySelector(".preview") ?? throw new InvalidOperationException($"No preview for {payload}: {(int)preview.Status}");
            AssertHarmless(section, payload);
        }
    }

    private static void AssertHarmless(IElement root, string payload)
    {
        Assert.True(root.QuerySelectorAll("script, iframe, object, embed, style, form, base, meta, link, svg, math").Length == 0, payload);
        foreach (var element in root.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{payload} → {element.OuterHtml}");
                Assert.NotEqual("style", attribute.Name);
                if (UrlAttributes.Contains(attribute.Name))
                {
                    Assert.True(MarkdownRenderer.IsSafeUrl(attribute.Value), $"{payload} → {element.OuterHtml}");
                }
            }
        }
    }
}
