namespace AccountExit.Web.Content;

/// <summary>The closed sets of values the content format allows, with their reader-facing labels.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Difficulties = new Dictionary<string, (string, string)>
    {
        ["easy"] = ("容易", "Easy"),
        ["medium"] = ("中等", "Medium"),
        ["hard"] = ("困难", "Hard"),
        ["limited"] = ("受限", "Limited"),
        ["impossible"] = ("无法注销", "Impossible"),
    };

    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Outcomes = new Dictionary<string, (string, string)>
    {
        ["deleted"] = ("可申请注销", "Account deleted on request"),
        ["recycled-when-idle"] = ("仅闲置回收", "Only recycled when idle"),
        ["no-self-service"] = ("无自助注销", "No self-service cancellation"),
    };

    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Categories = new Dictionary<string, (string, string)>
    {
        ["social"] = ("社交", "Social"),
        ["shopping"] = ("购物", "Shopping"),
        ["payment"] = ("支付", "Payment"),
        ["search"] = ("搜索与内容", "Search & content"),
        ["email"] = ("邮箱与门户", "Email & portal"),
        ["video"] = ("视频", "Video"),
        ["music"] = ("音乐", "Music"),
        ["local"] = ("本地生活与出行", "Local services & rides"),
        ["travel"] = ("旅行与地图", "Travel & maps"),
        ["storage"] = ("网盘", "Cloud storage"),
        ["work"] = ("办公", "Work"),
        ["telecom"] = ("电信运营商", "Telecom"),
        ["other"] = ("其他", "Other"),
    };

    /// <summary>Kinds of source, strongest first (docs/content-format.md, "Grading sources").</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> SourceKinds = new Dictionary<string, (string, string)>
    {
        ["official"] = ("平台官方", "Platform (official)"),
        ["regulator"] = ("监管部门", "Regulator"),
        ["consumer-body"] = ("消费者组织", "Consumer body"),
        ["news"] = ("新闻媒体", "News outlet"),
        ["media"] = ("科技媒体", "Tech media"),
        ["community"] = ("社区问答", "Community"),
        ["unattributed"] = ("无署名网页", "Unattributed page"),
    };

    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Platforms = new Dictionary<string, (string, string)>
    {
        ["app"] = ("手机 App", "Mobile app"),
        ["web"] = ("网页", "Website"),
        ["pc"] = ("电脑客户端", "Desktop client"),
    };

    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> LegalStatuses = new Dictionary<string, (string, string)>
    {
        ["law"] = ("法律（有约束力）", "Law (binding)"),
        ["regulation"] = ("行政法规 / 部门规章（有约束力）", "Regulation (binding)"),
        ["yardstick"] = ("监管认定标准（非法律）", "Regulator's yardstick (not a law)"),
        ["standard"] = ("推荐性国家标准（非强制）", "Recommended standard (not mandatory)"),
        ["draft"] = ("征求意见稿（未生效）", "Draft (not in force)"),
    };

    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Verifications = new Dictionary<string, (string, string)>
    {
        ["V2"] = ("原文已在两份独立公开文本中逐字核对", "Verbatim text matched in two independent published copies"),
        ["V1"] = ("原文已在一份公开文本中核对", "Verbatim text found in one published copy"),
        ["P"] = ("部分核实：未核实部分已标明", "Partly verified: the unchecked part is marked"),
        ["M"] = ("未核实：尚未与任何公开文本核对", "Not checked against any published copy"),
    };

    public static string Zh(IReadOnlyDictionary<string, (string Zh, string En)> set, string key) =>
        set.TryGetValue(key, out var label) ? label.Zh : key;

    public static string En(IReadOnlyDictionary<string, (string Zh, string En)> set, string key) =>
        set.TryGetValue(key, out var label) ? label.En : key;

    /// <summary>The label in the interface language of the page.</summary>
    public static string Label(IReadOnlyDictionary<string, (string Zh, string En)> set, string key, UiLanguage language) =>
        language.IsEnglish ? En(set, key) : Zh(set, key);
}
