using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AccountExit.Web.Pages.Complaints;

/// <summary>
/// Where to turn when a platform refuses, ignores or obstructs a cancellation or deletion request. Every fact here is
/// from shared/legal/REFERENCE.md, section 7 ("Where users can complain") unless a route says otherwise; each route
/// carries that table's confidence marker, and only the channels the table lists are given. Changes with a deployment.
/// </summary>
public sealed class IndexModel : PageModel
{
    /// <summary>REFERENCE.md's markers, as they apply to facts about a complaint route.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Confidence = new Dictionary<string, (string, string)>
    {
        ["V2"] = ("两处来源一致", "Two sources agree"),
        ["V1"] = ("一处来源", "One source"),
        ["P"] = ("部分核实", "Partly checked"),
        ["M"] = ("未核实", "Not checked"),
    };

    /// <summary>What each marker means, shown on the page.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> ConfidenceMeaning = new Dictionary<string, (string, string)>
    {
        ["V2"] = ("所列事实在两份互相独立的公开资料中一致。", "The facts given were found to agree in two independent published sources."),
        ["V1"] = ("所列事实只在一份公开资料中找到。", "The facts given were found in one published source only."),
        ["P"] = ("部分事实已核对，未核对的部分逐项标明。", "Some facts were checked; the unchecked ones are marked one by one."),
        ["M"] = ("尚未与任何公开资料核对。使用前请自己确认。", "Not yet checked against any published source. Confirm before relying on it."),
    };

    /// <summary>
    /// How to reach a route. <paramref name="Href"/>: a link, where the channel is one (mailto:, tel:).
    /// <paramref name="AlsoCalled"/>: another name some sources give it. <paramref name="Unchecked"/>: REFERENCE.md marks this channel [M].
    /// </summary>
    public sealed record Channel(string Zh, string En, string Value, string? Href = null, string? NoteZh = null, string? NoteEn = null,
        string? AlsoCalled = null, bool Unchecked = false);

    /// <summary>A provision on /legal that the route rests on.</summary>
    public sealed record LegalLink(string Id, string Zh, string En);

    public sealed record Route(string Id, string Marker, string NameZh, string NameEn, string CoversZh, string CoversEn,
        IReadOnlyList<Channel> Channels, string? NoChannelZh, string? NoChannelEn, IReadOnlyList<LegalLink> Legal);

    /// <summary>In the order a reader would try them: the platform itself, the regulators' centres, then a court.</summary>
    public static readonly IReadOnlyList<Route> Routes =
    [
        new("platform", "V2", "平台自己的投诉渠道", "The platform's own complaint channel",
            "网络数据处理者应当建立投诉、举报渠道（《网络数据安全管理条例》第二十条）。按《App违法违规收集使用个人信息行为认定方法》第六部分第 5 项，App 未建立并公布个人信息安全投诉、举报渠道，或者未在承诺时限内受理并处理的，可被认定为“未公布投诉、举报方式等信息”；承诺时限不得超过 15 个工作日，没有承诺的以 15 个工作日为限。先在这里投诉，并保留记录。",
            "Network data processors must set up complaint and reporting channels (Network Data Security Regulation, Article 20). Under section 6, item 5 of the Methods for Identifying Illegal Collection and Use of Personal Information by Apps, an app that has no published channel for personal-information complaints, or does not accept and handle a complaint within its promised time, may be deemed to have “failed to publish complaint and reporting channels”; the promise may not exceed 15 working days, and 15 working days applies where none is given. Complain here first and keep a record.",
            [], "渠道因平台而异：见平台的隐私政策或个人信息保护页面。本指南附有一封可以直接提交的请求信。",
            "Each platform has its own: see its privacy policy or personal-information page. Each guide has a request letter you can submit.",
            [new("app-rules-2019-6", "认定方法 六", "Identification Methods, section 6")]),
        new("hotline-12321", "V2", "12321 网络不良与垃圾信息举报受理中心", "12321 Network Harmful Information and Spam Reporting Centre",
            "由中国互联网协会受工业和信息化部委托设立（信部电函〔2007〕459号）。受理范围包括不良 App、个人信息泄露，以及垃圾信息和骚扰。工信部 2018 年就 App 账号注销问题的答复指明的渠道是 12321.cn 和 010-12321。",
            "Set up by the Internet Society of China on commission from the Ministry of Industry and Information Technology (MIIT document Xinbu Dianhan [2007] No. 459). It takes reports of harmful apps and personal-information leaks as well as spam and harassment. MIIT's 2018 reply on app account cancellation named 12321.cn and 010-12321 as the channel.",
            [
                new("网站", "Website", "www.12321.cn"),
                new("电话", "Telephone", "010-12321", "tel:010-12321", "主要用于咨询", "mainly for enquiries"),
                new("微信公众号", "WeChat account", "12321举报中心", AlsoCalled: "12321受理中心"),
                new("App", "App", "12321助手"),
                new("电子邮件", "Email", "abuse@12321.cn", "mailto:abuse@12321.cn"),
            ], null, null, []),
        new("hotline-12377", "V1", "12377 中央网信办（国家互联网信息办公室）违法和不良信息举报中心", "12377 Illegal and Harmful Information Reporting Centre of the Cyberspace Administration of China",
            "受理违法和不良信息的举报，包括侵害他人名誉、隐私的信息。是否设有专门的 App 个人信息举报入口，未经核实。",
            "Takes reports of illegal and harmful information, including information that infringes others' reputation or privacy. Whether it has a dedicated channel for app personal-information reports has not been checked.",
            [
                new("网站", "Website", "www.12377.cn"),
                new("电话", "Telephone", "12377", "tel:12377"),
                new("电子邮件", "Email", "jubao@12377.cn", "mailto:jubao@12377.cn"),
                new("App", "App", "网络举报"),
            ], null, null, []),
        new("cac-provincial", "V1", "省级网信办（履行个人信息保护职责的部门）", "Provincial cyberspace administrations (departments with personal-information duties)",
            "省级网信办属于个人信息保护法第六十条所说的履行个人信息保护职责的部门。依照该法第六十五条，任何组织、个人都可以向这些部门投诉、举报违法的个人信息处理活动；部门应当依法及时处理，把结果告知投诉人，并公布接受投诉、举报的联系方式。",
            "Provincial cyberspace administrations are among the departments with personal-information protection duties under Article 60 of the Personal Information Protection Law. Under its Article 65 anyone may complain to them about unlawful processing; they must handle it promptly, tell the complainant the outcome, and publish their complaint contacts.",
            [], "本站没有记录或核对各省网信办的联系方式；请查找你所在省份网信办公布的投诉、举报方式。",
            "We have not recorded or checked any province's contacts; look for the complaint contacts your province's cyberspace administration publishes.",
            [new("pipl-65", "个人信息保护法 第六十五条", "Personal Information Protection Law, Article 65")]),
        new("hotline-12300", "P", "12300 工业和信息化部电信用户申诉受理中心", "12300 MIIT Telecommunications User Appeal Centre",
            "处理用户与电信业务经营者之间的争议：须先向企业投诉；企业 15 日内不答复或你对答复不满意的，可以向 12300 申诉。App、网站等账号注销争议是否属于受理范围，未经核实（我们认为属于）。申诉程序依据《电信用户申诉处理办法》（工业和信息化部令第35号），未经核实。",
            "Handles disputes between users and telecommunications operators: complain to the company first; if it does not answer within 15 days, or you are not satisfied, you can appeal to 12300. Whether disputes about cancelling app or website accounts are within its scope has not been checked (we believe they are). The procedure rests on the Telecommunications User Appeal Measures (MIIT Order No. 35), not checked.",
            [
                new("电话", "Telephone", "010-12300", "tel:010-12300"),
                new("网站", "Website", "yhssglxt.miit.gov.cn", Unchecked: true),
            ], null, null, []),
        new("hotline-12315", "M", "12315 市场监管投诉举报", "12315 market regulation complaints",
            "消费者权益投诉，例如因预付余额或会员权益而无法注销账号。本站尚未深入研究这一途径。",
            "Consumer-rights complaints, for example when cancellation is blocked by a prepaid balance or a membership. We have not researched this route in depth.",
            [new("电话", "Telephone", "12315", "tel:12315", Unchecked: true)], null, null, []),
        new("court", "V2", "人民法院", "A people's court",
            "个人信息处理者拒绝个人行使权利的请求的，个人可以依法向人民法院提起诉讼（个人信息保护法第五十条第二款）。处理个人信息侵害个人信息权益造成损害，个人信息处理者不能证明自己没有过错的，应当承担损害赔偿等侵权责任（该法第六十九条第一款）。",
            "If a personal information processor refuses a request to exercise these rights, the individual may sue in a people's court (Personal Information Protection Law, Article 50, paragraph 2). Where processing infringes personal-information rights and causes harm, the processor is liable unless it proves it was not at fault (Article 69, paragraph 1).",
            [], "向有管辖权的人民法院起诉。本站不提供法律意见；起诉前可以咨询律师。请保留你的申请、平台的答复或拒绝理由。",
            "Sue in a court that has jurisdiction. This site gives no legal advice; consider asking a lawyer first. Keep your request and the platform's answer or reasons for refusing.",
            [new("pipl-50", "个人信息保护法 第五十条", "Personal Information Protection Law, Article 50")]),
    ];
}
