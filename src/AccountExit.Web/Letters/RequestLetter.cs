using System.Text;
using AccountExit.Web.Content;

namespace AccountExit.Web.Letters;

/// <summary>What the reader fills in; a blank shows as a bracketed label until then.</summary>
public enum Blank
{
    Identifier,
    Name,
    Details,
    Date,
}

/// <summary>A run of letter text, or a blank.</summary>
public sealed record Part(string Text, Blank? Blank = null);

public enum BlockKind
{
    Heading,
    Salutation,
    Paragraph,
    Request,
    Closing,
    Regards,
    Signature,
}

/// <summary>
/// One paragraph of the letter in Chinese and in English. <paramref name="Reasons"/>: the reasons it belongs to
/// (empty: every letter). <paramref name="Cites"/>: the provision it cites, by id.
/// </summary>
public sealed record Block(BlockKind Kind, IReadOnlyList<Part> Zh, IReadOnlyList<Part> En, IReadOnlyList<string> Reasons, string? Cites)
{
    public bool IsFor(LetterReason reason) => Reasons.Count == 0 || Reasons.Contains(reason.Key);
}

/// <summary>A legal provision as the letter needs it: its front matter and its verbatim text.</summary>
public sealed record QuotedProvision(LegalFrontMatter Meta, string BodyMarkdown);

/// <summary>A provision the letter cites, with the reasons whose letter cites it.</summary>
public sealed record Citation(LegalFrontMatter Meta, IReadOnlyList<string> Reasons)
{
    public bool IsFor(LetterReason reason) => Reasons.Contains(reason.Key);
}

/// <summary>
/// A formal request to cancel an account and delete personal information, addressed to one platform, in Chinese
/// with an English translation, for every <see cref="LetterReason"/> at once (the page shows the chosen reason's
/// paragraphs). Citations are built from the legal provisions as published (<c>content/legal</c>): law name,
/// article, and for a renumbered article the amendment year and former number, so a change of the law texts changes
/// every letter. A sentence citing a provision that is not published is left out rather than cited from memory.
/// What each reason cites follows shared/legal/REFERENCE.md:
/// <list type="bullet">
/// <item>every letter: Network Data Security Regulation Arts. 23 (accept cancellation and deletion requests promptly,
/// no unreasonable conditions) and 24 (delete or anonymise after cancellation), PIPL Art. 50 (reasons for a refusal;
/// the court);</item>
/// <item>the four PIPL Art. 47(1) reasons: that item, quoted from the provision's text; withdrawn consent also
/// PIPL Art. 15(1); processing in breach of law or agreement also the Cybersecurity Law's deletion article, whose
/// right exists only in that case.</item>
/// </list>
/// </summary>
public sealed class RequestLetter
{
    public const string Pipl15 = "pipl-15";
    public const string Pipl47 = "pipl-47";
    public const string Pipl50 = "pipl-50";
    public const string Ndsr23 = "ndsr-23";
    public const string Ndsr24 = "ndsr-24";
    public const string Csl45 = "csl-45";

    /// <summary>Every provision some letter cites: what the page loads.</summary>
    public static readonly IReadOnlyList<string> ProvisionIds = [Pipl15, Pipl47, Pipl50, Ndsr23, Ndsr24, Csl45];

    /// <summary>The guide's sections whose official sources are the platform's own cancellation rules.</summary>
    private static readonly string[] RuleSections = ["entry_paths", "preconditions", "consequences", "timing"];

    private RequestLetter(string subjectZh, string subjectEn, IReadOnlyList<Block> blocks, IReadOnlyList<Citation> citations, IReadOnlyList<GuideSource> rules)
    {
        SubjectZh = subjectZh;
        SubjectEn = subjectEn;
        Blocks = blocks;
        Citations = citations;
        Rules = rules;
    }

    public string SubjectZh { get; }
    public string SubjectEn { get; }
    public IReadOnlyList<Block> Blocks { get; }
    public IReadOnlyList<Citation> Citations { get; }

    /// <summary>
    /// The platform's own published rules the letter cites: the guide's <c>official</c> sources that a current claim
    /// about cancelling (entry paths, conditions, consequences, timing) rests on, in the guide's source order.
    /// </summary>
    public IReadOnlyList<GuideSource> Rules { get; }

    public static string Placeholder(Blank blank, bool english) => (blank, english) switch
    {
        (Blank.Identifier, false) => "［账号标识］",
        (Blank.Identifier, true) => "[account identifier]",
        (Blank.Name, false) => "［姓名］",
        (Blank.Name, true) => "[name]",
        (Blank.Details, false) => "［具体情况］",
        (Blank.Details, true) => "[what happened]",
        (Blank.Date, false) => "［日期］",
        _ => "[date]",
    };

    /// <summary>The letter for one reason as plain text, blanks as placeholders (for a <c>mailto:</c> body without JavaScript).</summary>
    public string PlainText(LetterReason reason, bool english)
    {
        var text = new StringBuilder();
        foreach (var block in Blocks.Where(b => b.IsFor(reason)))
        {
            var parts = english ? block.En : block.Zh;
            if (parts.Count == 0)
            {
                continue;
            }
            foreach (var part in parts)
            {
                text.Append(part.Blank is { } blank ? Placeholder(blank, english) : part.Text);
            }
            text.Append(block.Kind is BlockKind.Heading or BlockKind.Salutation ? "\n\n" : "\n");
        }
        return text.ToString().TrimEnd() + "\n";
    }

    public static RequestLetter Compose(GuideFrontMatter guide, IReadOnlyDictionary<string, QuotedProvision> provisions)
    {
        var blocks = new List<Block>();
        var company = guide.Company;
        var companyEn = guide.CompanyEn ?? guide.Company;

        void Add(BlockKind kind, IReadOnlyList<Part> zh, IReadOnlyList<Part> en, string? reason = null, string? cites = null) =>
            blocks.Add(new Block(kind, zh, en, reason is null ? [] : [reason], cites));

        // A sentence that cites a provision: only when it is published; the citation text comes from its front matter.
        void Cite(string id, string? reason, string pinpointZh, string pinpointEn,
            Func<string, IReadOnlyList<Part>> zh, Func<string, IReadOnlyList<Part>> en)
        {
            if (provisions.TryGetValue(id, out var p))
            {
                Add(BlockKind.Paragraph, zh(CiteZh(p.Meta, pinpointZh)), en(CiteEn(p.Meta, pinpointEn)), reason, id);
            }
        }

        Add(BlockKind.Heading, Parts("注销账号及删除个人信息申请"), Parts("Request to cancel my account and delete my personal information"));
        Add(BlockKind.Salutation, Parts(company, "（“", guide.Name, "”运营方）："), Parts("To ", companyEn, ", operator of ", guide.NameEn, ":"));
        Add(BlockKind.Paragraph,
            Parts("本人是贵方运营的“", guide.Name, "”的用户，账号标识为：", Blank.Identifier, "。本人现申请注销上述账号，并删除贵方处理的与该账号有关的本人个人信息。"),
            Parts("I am a user of ", guide.NameEn, ", which you operate. My account identifier is: ", Blank.Identifier,
                ". I request that you cancel this account and delete the personal information about me that you process in connection with it."));

        foreach (var reason in LetterReason.All)
        {
            var key = reason.Key;
            // What the reader states, then the provisions that give that statement its force.
            switch (reason.Pipl47Item)
            {
                case null:
                    Add(BlockKind.Paragraph, Parts("本人已决定不再使用该账号。"), Parts("I have decided to stop using this account."), key);
                    break;
                case 1:
                    Add(BlockKind.Paragraph,
                        Parts("本人已不再使用该服务。贵方为向本人提供该服务而处理本人个人信息，这一处理目的已经实现，或者为实现该目的已不再必要。"),
                        Parts("I no longer use the service. You process my personal information to provide that service to me; that purpose has been achieved, or the processing is no longer necessary for it."),
                        key);
                    break;
                case 2:
                    Add(BlockKind.Paragraph,
                        Parts("贵方已停止提供本人所使用的产品或者服务，或者本人个人信息的保存期限已经届满。"),
                        Parts("You have stopped providing the product or service I used, or the retention period for my personal information has expired."),
                        key);
                    break;
                case 3:
                    Add(BlockKind.Paragraph,
                        Parts("本人撤回此前就贵方处理本人个人信息所作出的同意。"),
                        Parts("I withdraw the consent I gave to your processing of my personal information."),
                        key);
                    Cite(Pipl15, key, "第一款", ", paragraph 1",
                        c => Parts("根据", c, "，基于个人同意处理个人信息的，个人有权撤回其同意。"),
                        c => Parts("Under ", c, ", where processing is based on consent, the individual has the right to withdraw it."));
                    break;
                case 4:
                    Add(BlockKind.Paragraph,
                        Parts("本人认为贵方违反法律、行政法规或者双方的约定处理本人的个人信息，具体情况如下：", Blank.Details, "。"),
                        Parts("I consider that you process my personal information in breach of laws, administrative regulations or our agreement, as follows: ", Blank.Details, "."),
                        key);
                    break;
            }
            if (reason.Pipl47Item is int item && provisions.TryGetValue(Pipl47, out var pipl47))
            {
                // The circumstance is quoted from the provision's own text (and its gloss), not restated here.
                var citeZh = CiteZh(pipl47.Meta, $"第一款第（{Numeral(item)}）项");
                var citeEn = CiteEn(pipl47.Meta, $", paragraph 1, item ({item})");
                var circumstanceZh = ItemZh(pipl47.BodyMarkdown, item);
                var circumstanceEn = ItemEn(pipl47.Meta.GlossEn, item);
                Add(BlockKind.Paragraph,
                    Parts("根据", citeZh, circumstanceZh is null ? "，在该项规定的情形下" : $"，有“{circumstanceZh}”情形的",
                        "，个人信息处理者应当主动删除个人信息；个人信息处理者未删除的，个人有权请求删除。"),
                    Parts("Under ", citeEn, circumstanceEn is null ? ", in the case that item describes" : $", where {circumstanceEn}",
                        ", the personal information processor must delete the personal information on its own initiative, and if it does not, the individual has the right to request deletion."),
                    key, Pipl47);
            }
            if (reason.Pipl47Item == 4)
            {
                // The Cybersecurity Law's deletion right exists only for collection or use in breach of law or agreement.
                Cite(Csl45, key, "", "",
                    c => Parts("根据", c, "，个人发现网络运营者违反法律、行政法规的规定或者双方的约定收集、使用其个人信息的，有权要求网络运营者删除其个人信息。"),
                    c => Parts("Under ", c, ", an individual who finds that a network operator has collected or used their personal information in breach of laws, administrative regulations or the parties' agreement may demand that the operator delete it."));
            }
        }

        Cite(Ndsr23, null, "", "",
            c => Parts("根据", c, "，个人请求删除其个人信息或者注销账号的，网络数据处理者应当及时受理，并提供便捷的支持个人行使权利的方法和途径，不得设置不合理条件限制个人的合理请求。"),
            c => Parts("Under ", c, ", when an individual asks for their personal information to be deleted or their account to be cancelled, the network data processor must accept the request promptly, provide convenient ways to exercise these rights, and may not set unreasonable conditions that restrict reasonable requests."));
        Cite(Ndsr24, null, "", "",
            c => Parts("根据", c, "，个人注销账号的，网络数据处理者应当删除个人信息或者进行匿名化处理。"),
            c => Parts("Under ", c, ", when an individual cancels their account, the network data processor must delete or anonymise the personal information."));

        // The platform's own word: what its agreement or help page says binds it too. Only the title, the publisher and
        // the date are given, since the guide records what the rule says only in its own words.
        var ruleIds = Evidence.ClaimsOf(guide).Where(c => RuleSections.Contains(c.Section)).SelectMany(c => c.Claim.CurrentCites).ToHashSet(StringComparer.Ordinal);
        var rules = guide.Sources.Where(s => s.Kind == "official" && ruleIds.Contains(s.Id)).ToList();
        if (rules.Count > 0)
        {
            Add(BlockKind.Paragraph,
                Parts("贵方也公布了自己的账号注销规则：", string.Join("；", rules.Select(RuleZh)), "。本人请求贵方按照这些规则和上述法律规定办理本申请。"),
                Parts("You have also published your own rules for cancelling an account: ", string.Join("; ", rules.Select(RuleEn)),
                    ". I ask you to handle this request under those rules as well as the provisions above."));
        }

        Add(BlockKind.Paragraph, Parts("为此，本人请求贵方："), Parts("I therefore ask you to:"));
        Add(BlockKind.Request, Parts("（一）注销上述账号；"), Parts("(1) cancel the account named above;"));
        Add(BlockKind.Request,
            Parts("（二）删除与该账号有关的本人个人信息，或者进行匿名化处理；法律、行政法规规定的保存期限未届满，或者删除、匿名化处理在技术上难以实现的，停止除存储和采取必要的安全保护措施之外的处理；"),
            Parts("(2) delete or anonymise the personal information about me connected with the account; where a retention period set by law or administrative regulation has not expired, or deletion or anonymisation is technically hard to achieve, stop all processing other than storage and necessary security measures;"));
        Add(BlockKind.Request,
            Parts("（三）不对本申请设置不合理条件；如需核验本人身份，请告知核验方式；"),
            Parts("(3) set no unreasonable conditions on this request; if you need to verify my identity, tell me how;"));
        Add(BlockKind.Request, Parts("（四）及时将处理结果告知本人；如拒绝本申请，请说明理由。"), Parts("(4) tell me the outcome promptly and, if you refuse this request, give your reasons."));

        Cite(Pipl50, null, "", "",
            c => Parts("根据", c, "，个人信息处理者拒绝个人行使权利的请求的，应当说明理由；个人可以依法向人民法院提起诉讼。"),
            c => Parts("Under ", c, ", a personal information processor that refuses a request to exercise these rights must give its reasons, and the individual may bring proceedings in a people's court."));

        Add(BlockKind.Closing, Parts("此致"), Parts("Yours faithfully,"));
        Add(BlockKind.Regards, Parts("敬礼！"), []);
        Add(BlockKind.Signature, Parts("申请人：", Blank.Name), Parts("Applicant: ", Blank.Name));
        Add(BlockKind.Signature, Parts("日期：", Blank.Date), Parts("Date: ", Blank.Date));

        var citations = blocks.Where(b => b.Cites is not null)
            .GroupBy(b => b.Cites!, StringComparer.Ordinal)
            .Select(g => new Citation(provisions[g.Key].Meta,
                g.Any(b => b.Reasons.Count == 0) ? [.. LetterReason.All.Select(r => r.Key)] : [.. g.SelectMany(b => b.Reasons).Distinct()]))
            .OrderBy(c => c.Meta.Order)
            .ToList();
        return new RequestLetter($"注销账号及删除个人信息申请（{guide.Name}）",
            $"Request to cancel my account and delete my personal information ({guide.NameEn})", blocks, citations, rules);
    }

    /// <summary>《title》（publisher，date）: the title as published, which may itself be Chinese on the English letter.</summary>
    public static string RuleZh(GuideSource rule) =>
        $"《{rule.Title}》（{rule.Publisher}，{(Evidence.ParseDate(rule.Published) is null ? "日期不详" : rule.Published)}）";

    public static string RuleEn(GuideSource rule) =>
        $"“{rule.Title}” ({rule.Publisher}, {(Evidence.ParseDate(rule.Published) is null ? "date unknown" : rule.Published)})";

    /// <summary>
    /// 《Law》Article + pinpoint, and for a renumbered article the amendment year and the former number, as REFERENCE.md
    /// asks for the Cybersecurity Law: 《中华人民共和国网络安全法》第四十五条（2025年修正，原第四十三条）.
    /// </summary>
    public static string CiteZh(LegalFrontMatter law, string pinpoint = "") =>
        $"《{law.Law}》{law.Article}{pinpoint}"
        + (law.FormerArticle is { } former && AmendedYear(law) is { } year ? $"（{year}年修正，原{former}）" : "");

    /// <summary>Article 45 of the Cybersecurity Law of the People's Republic of China (as amended in 2025; formerly Article 43).</summary>
    public static string CiteEn(LegalFrontMatter law, string pinpoint = "") =>
        $"{law.ArticleEn}{pinpoint} of the {law.LawEn}"
        + (law.FormerArticle is { } former && AmendedYear(law) is { } year
            ? $" (as amended in {year}; formerly {(ArticleNumber(former) is int n ? $"Article {n}" : former)})"
            : "");

    private static string? AmendedYear(LegalFrontMatter law) => law.Amended is { Length: >= 4 } amended ? amended[..4] : null;

    private static IReadOnlyList<Part> Parts(params object[] items) =>
        [.. items.Select(i => i is Blank blank ? new Part("", blank) : new Part((string)i))];

    /// <summary>The text of item (一)…(四) of a provision's verbatim body, without its number and final punctuation.</summary>
    private static string? ItemZh(string bodyMarkdown, int item)
    {
        var marker = $"（{Numeral(item)}）";
        foreach (var raw in bodyMarkdown.Split('\n'))
        {
            var line = raw.TrimStart().TrimStart('>').Trim();
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                return line[marker.Length..].TrimEnd('；', '。', ';').Trim();
            }
        }
        return null;
    }

    /// <summary>The text of item n of an English gloss written as a numbered list ("3. the individual withdraws consent;").</summary>
    private static string? ItemEn(string gloss, int item)
    {
        var marker = $"{item}. ";
        foreach (var raw in gloss.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                return line[marker.Length..].TrimEnd(';', '.').Trim();
            }
        }
        return null;
    }

    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1–99 as a Chinese numeral, as statutes number items: 3 → 三, 10 → 十, 12 → 十二, 47 → 四十七.</summary>
    private static string Numeral(int n) => n switch
    {
        < 10 => Digits[n],
        10 => "十",
        < 20 => "十" + Digits[n % 10],
        _ => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
    };

    /// <summary>The number of an article written 第…条 up to 999 (第四十三条 → 43), or null for anything else.</summary>
    private static int? ArticleNumber(string article)
    {
        if (!article.StartsWith('第') || !article.EndsWith('条'))
        {
            return null;
        }
        var total = 0;
        var digit = -1;
        foreach (var c in article[1..^1])
        {
            var d = Array.IndexOf(Digits, c.ToString());
            if (d >= 0)
            {
                digit = d;
                continue;
            }
            var unit = c switch { '十' => 10, '百' => 100, _ => 0 };
            if (unit == 0)
            {
                return null;
            }
            total += (digit < 0 ? 1 : digit) * unit;
            digit = -1;
        }
        total += Math.Max(digit, 0);
        return total > 0 ? total : null;
    }
}
