using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Editing;

/// <summary>A screen reader announces a column by its header: the editor's tables name every column, the buttons' too.</summary>
public sealed class EditorTablesTests : IClassFixture<EditorTablesTests.Site>
{
    public sealed class Site : IDisposable
    {
        public EditorSite Editors { get; } = new();

        public void Dispose() => Editors.Dispose();
    }

    private readonly EditorSite _site;

    public EditorTablesTests(Site site) => _site = site.Editors;

    [Theory]
    [InlineData("/editor")]
    [InlineData("/editor/guides/wechat/history")]
    [InlineData("/editor/legal/pipl-47/history")]
    [InlineData("/editor/users")]
    [InlineData("/editor/audit")]
    public async Task Every_column_of_an_editor_table_has_a_header_a_screen_reader_can_read(string url)
    {
        using var client = await _site.SignInAsync(EditorSite.Admin);
        var page = await client.OpenAsync(url);
        var headers = page.Document.QuerySelectorAll("table th");
        Assert.NotEmpty(headers);
        Assert.All(headers, th => Assert.False(string.IsNullOrWhiteSpace(th.TextContent), $"{url}: an empty header cell in {th.Closest("table")?.OuterHtml[..80]}"));
    }
}
