using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AccountExit.Tests.Infrastructure;
using AngleSharp.Dom;

namespace AccountExit.Tests.Languages;

[Collection("site")]
public sealed partial class LanguageTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Client;

    /// <summary>Every public page a reader can reach, as a language-neutral path.</summary>
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "/", "/about", "/legal", "/plan", "/search", "/search?q=wx", "/search?q=wechta", "/search?q=qqqqzzzz", "/?difficulty=impossible", "/guides/nope" };
        foreach (var slug in Repo.GuideSlugs)
        {
            pages.Add("/guides/" + slug);
            pages.Add("/guides/" + slug + "/history");
        }
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task English_pages_show_no_chinese_interface_text(string path)
    {
        var (response, page) = await _client.GetPageAsync("/en" + (path == "/" ? "" : path));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        // Chinese content is allowed only where it is marked as Chinese (guide bodies, names, quoted law).
        var leaks = ChineseOutsideChineseElements(page).ToList();
        Assert.True(leaks.Count == 0, $"{path}: Chinese text on the English page outside lang=\"zh-Hans\": {string.Join(" | ", leaks.Take(5))}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Chinese_pages_are_in_chinese_with_the_english_alternate_linked(string path)
    {
        var (response, page) = await _client.GetPageAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Equal("zh-Hans", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("平台", page.QuerySelector("nav a[href='/']")?.TextContent.Trim());
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var alternates = page.QuerySelectorAll("link[rel=alternate][hreflang]")
                .ToDictionary(l => l.GetAttribute("hreflang")!, l => new Uri(l.GetAttribute("href")!).PathAndQuery);
            var english = "/en" + (path.StartsWith("/?", StringComparison.Ordinal) ? path[1..] : path == "/" ? "" : path);
            Assert.Equal(path, alternates["zh-Hans"]);
            Assert.Equal(english, alternates["en"]);
            Assert.Equal(path, alternates["x-default"]);
        }
    }

    [Fact]
    public async Task English_guide_shows_the_english_summary_and_marks_the_chinese_body()
    {
        var (_, page) = await _client.GetPageAsync("/en/guides/wechat");
        var summary = page.QuerySelector(".guide .summary")!.TextContent;
        Assert.DoesNotMatch(HanRegex(), summary);
        Assert.Contains("WeChat", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("in Chinese", page.QuerySelector(".body .in-chinese")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("zh-Hans", page.QuerySelector(".body .in-chinese + div")!.GetAttribute("lang"));
        // Links stay in English.
        Assert.All(page.QuerySelectorAll("main a[href^='/']").Select(a => a.GetAttribute("href")!), href => Assert.StartsWith("/en", href, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_interface_string_has_an_english_translation()
    {
        var translations = XDocument.Load(Path.Combine(Repo.Root, "src/AccountExit.Web/Resources/Ui.en.resx")).Root!
            .Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var views = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src/AccountExit.Web/Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Replace('\\', '/').Contains("/Editor/", StringComparison.Ordinal));
        var missing = new List<string>();
        foreach (var view in views)
        {
            foreach (Match m in LocalizerKeyRegex().Matches(File.ReadAllText(view)))
            {
                var key = Regex.Unescape(m.Groups[1].Value);
                if (!translations.TryGetValue(key, out var english) || english.Length == 0 || HanRegex().IsMatch(english))
                {
                    missing.Add($"{Path.GetFileName(view)}: {key}");
                }
            }
        }
        Assert.True(missing.Count == 0, "Untranslated: " + string.Join("; ", missing));
    }

    [Theory]
    [InlineData("en-US,en;q=0.9", "/en")]
    [InlineData("en-GB, zh-CN;q=0.5", "/en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", null)]
    [InlineData("fr-FR", null)]
    [InlineData("", null)]
    public async Task Home_defaults_from_accept_language(string acceptLanguage, string? redirect)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (acceptLanguage.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }
        using var response = await _client.SendAsync(request);
        if (redirect is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("lang=\"zh-Hans\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal(redirect, response.Headers.Location!.OriginalString);
        }
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Fact]
    public async Task A_chosen_language_wins_over_accept_language_and_other_pages_never_redirect()
    {
        using var switchResponse = await _client.GetAsync("/language/zh-Hans?to=/");
        Assert.Equal(HttpStatusCode.Redirect, switchResponse.StatusCode);
        var cookie = switchResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lang=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.TryAddWithoutValidation("Accept-Language", "en-US");
        home.Headers.TryAddWithoutValidation("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(home)).StatusCode);

        using var guide = new HttpRequestMessage(HttpMethod.Get, "/guides/wechat");
        guide.Headers.TryAddWithoutValidation("Accept-Language", "en-US");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(guide)).StatusCode);
    }

    [Theory]
    [InlineData("/language/en?to=/guides/wechat", "/en/guides/wechat")]
    [InlineData("/language/en?to=/en/guides/wechat", "/en/guides/wechat")]
    [InlineData("/language/zh-Hans?to=/en/legal", "/legal")]
    [InlineData("/language/en?to=/search%3Fq%3Dwx", "/en/search?q=wx")]
    [InlineData("/language/en?to=//evil.example/", "/en")]
    [InlineData("/language/en?to=https://evil.example/", "/en")]
    [InlineData("/language/en?to=/%5Cevil.example", "/en")]
    public async Task The_language_switch_goes_to_the_same_page_and_only_on_this_site(string url, string location)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Unknown_language_is_a_404()
    {
        using var response = await _client.GetAsync("/language/fr");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_switch_on_each_page_points_at_the_other_language()
    {
        var (_, chinese) = await _client.GetPageAsync("/guides/qq");
        Assert.Equal("/language/en?to=%2Fguides%2Fqq", chinese.QuerySelector("a.language")!.GetAttribute("href"));
        var (_, english) = await _client.GetPageAsync("/en/guides/qq");
        Assert.Equal("/language/zh-Hans?to=%2Fguides%2Fqq", english.QuerySelector("a.language")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Both_languages_are_cached_apart()
    {
        for (var i = 0; i < 2; i++)
        {
            var (_, zh) = await _client.GetPageAsync("/guides/jd");
            var (_, en) = await _client.GetPageAsync("/en/guides/jd");
            Assert.Equal("zh-Hans", zh.DocumentElement.GetAttribute("lang"));
            Assert.Equal("en", en.DocumentElement.GetAttribute("lang"));
        }
    }

    [Fact]
    public async Task Not_found_pages_speak_the_language_of_the_address()
    {
        var (zhResponse, zh) = await _client.GetPageAsync("/guides/no-such-platform");
        var (enResponse, en) = await _client.GetPageAsync("/en/guides/no-such-platform");
        Assert.Equal(HttpStatusCode.NotFound, zhResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, enResponse.StatusCode);
        Assert.Equal("找不到这个页面", zh.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Page not found", en.QuerySelector("h1")!.TextContent.Trim());
    }

    private static IEnumerable<string> ChineseOutsideChineseElements(IDocument page)
    {
        foreach (var element in page.All)
        {
            if (element.LocalName is "script" or "style" || IsMarkedChinese(element))
            {
                continue;
            }
            foreach (var attribute in new[] { "title", "aria-label", "placeholder", "alt", "content" })
            {
                if (element.GetAttribute(attribute) is { } value && MostlyChinese(value))
                {
                    yield return $"<{element.LocalName} {attribute}=\"{value}\">";
                }
            }
            foreach (var text in element.ChildNodes.OfType<IText>())
            {
                if (MostlyChinese(text.Data))
                {
                    yield return $"<{element.LocalName}>{text.Data.Trim()}";
                }
            }
        }
    }

    /// <summary>
    /// An untranslated interface string is Chinese through and through; English content may still name a thing in
    /// Chinese ("How to cancel WeChat (微信)", "Zhima Credit (芝麻信用)").
    /// </summary>
    private static bool MostlyChinese(string text) =>
        HanRegex().Count(text) is var han && han > 0 && han >= text.Count(char.IsAsciiLetter);

    private static bool IsMarkedChinese(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.GetAttribute("lang") is { } lang)
            {
                return lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
            }
        }
        return false;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HanRegex();

    [GeneratedRegex(@"L\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizerKeyRegex();
}
