using System.Globalization;
using System.Text;

namespace AccountExit.Web.Cli;

/// <summary>
/// Invented platforms and guide text for <see cref="GenerateCorpus"/>: names built from syllables whose pinyin is
/// known (so pinyin and initials are real aliases), and Chinese guide text of the real guides' length assembled from
/// sentence templates. It reads like a guide to a search engine; it is not meant to be read by people.
/// </summary>
public static class GeneratedGuide
{
    public sealed record Platform(string Slug, string Name, string NameEn, string Pinyin, string Initials, string Company,
        string Category);

    /// <summary>SplitMix64: tiny, fast and the same on every runtime (System.Random's sequence is not a contract).</summary>
    public sealed class Random64(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int max)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) % (ulong)max);
        }

        public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
    }

    private static readonly (string Char, string Pinyin)[] Syllables =
    [
        ("快", "kuai"), ("乐", "le"), ("美", "mei"), ("云", "yun"), ("星", "xing"), ("海", "hai"), ("天", "tian"), ("蓝", "lan"),
        ("小", "xiao"), ("米", "mi"), ("果", "guo"), ("橙", "cheng"), ("鱼", "yu"), ("兔", "tu"), ("猫", "mao"), ("熊", "xiong"),
        ("鹿", "lu"), ("龙", "long"), ("风", "feng"), ("雪", "xue"), ("山", "shan"), ("川", "chuan"), ("林", "lin"), ("花", "hua"),
        ("叶", "ye"), ("光", "guang"), ("影", "ying"), ("声", "sheng"), ("听", "ting"), ("读", "du"), ("书", "shu"), ("文", "wen"),
        ("图", "tu"), ("拍", "pai"), ("购", "gou"), ("淘", "tao"), ("拼", "pin"), ("团", "tuan"), ("优", "you"), ("品", "pin"),
        ("惠", "hui"), ("省", "sheng"), ("钱", "qian"), ("金", "jin"), ("付", "fu"), ("宝", "bao"), ("贝", "bei"), ("通", "tong"),
        ("信", "xin"), ("聊", "liao"), ("友", "you"), ("圈", "quan"), ("秀", "xiu"), ("趣", "qu"), ("玩", "wan"), ("游", "you"),
        ("车", "che"), ("途", "tu"), ("家", "jia"), ("居", "ju"), ("房", "fang"), ("医", "yi"), ("康", "kang"), ("学", "xue"),
        ("课", "ke"), ("考", "kao"), ("职", "zhi"), ("餐", "can"), ("味", "wei"), ("鲜", "xian"), ("达", "da"), ("递", "di"),
        ("网", "wang"), ("盘", "pan"), ("邮", "you"), ("博", "bo"), ("知", "zhi"), ("问", "wen"), ("搜", "sou"), ("视", "shi"),
        ("频", "pin"), ("播", "bo"), ("新", "xin"), ("闻", "wen"), ("点", "dian"), ("评", "ping"), ("豆", "dou"), ("芒", "mang"),
        ("橘", "ju"), ("桃", "tao"), ("柚", "you"), ("易", "yi"), ("安", "an"), ("悦", "yue"), ("享", "xiang"), ("酷", "ku"),
    ];

    private static readonly string[] Categories = ["social", "shopping", "payment", "search", "email", "other"];

    private static readonly Dictionary<string, string[]> Features = new(StringComparer.Ordinal)
    {
        ["social"] = ["好友列表", "聊天记录", "朋友圈动态", "群聊", "粉丝关注", "个人主页", "头像昵称"],
        ["shopping"] = ["未完成订单", "退款售后", "优惠券", "会员积分", "收货地址", "购物车", "店铺收藏"],
        ["payment"] = ["账户余额", "零钱理财", "绑定银行卡", "分期账单", "信用分", "红包", "自动扣款"],
        ["search"] = ["网盘文件", "浏览记录", "收藏夹", "创作者收益", "视频会员", "问答内容", "文库资料"],
        ["email"] = ["邮箱地址", "往来邮件", "邮件附件", "通讯录", "邮箱网盘", "别名邮箱", "自动转发"],
        ["other"] = ["订阅服务", "登录设备", "会员权益", "积分余额", "实名信息", "第三方授权", "VIP 自动续费"],
    };

    private static readonly string[] Menus = ["我", "我的", "设置", "账号与安全", "安全中心", "隐私设置", "帮助与反馈", "账号管理", "更多设置", "个人信息"];
    private static readonly string[] FinalSteps = ["注销账号", "申请注销", "注销服务", "永久注销账户", "账号注销"];
    private static readonly string[] Difficulties = ["easy", "easy", "medium", "medium", "medium", "hard", "hard", "limited", "limited", "impossible"];

    private static readonly string[] Sentences =
    [
        "{name}的注销入口藏在“{menu}”里，第一次找可能要花几分钟。",
        "申请注销前，请先处理好{feature}，否则系统会提示无法继续。",
        "注销需要通过短信验证码确认身份，请确保绑定的手机号仍在使用。",
        "提交申请后有 {days} 天的冷静期，期间重新登录会自动撤销注销申请。",
        "如果账号里还有{feature}，平台会要求先清空或转出。",
        "注销完成后，{feature}和{feature2}都会被删除，且无法恢复。",
        "{company}旗下的其他产品可能共用同一个账号，注销前请确认不再使用它们。",
        "部分用户反映，在 App 内找不到入口时，可以在网页版的“{menu}”页面申请。",
        "客服热线可以协助处理注销问题，但通常会先引导你使用自助入口。",
        "如果账号曾被处罚或存在未结清的{feature}，申请会被驳回。",
        "平台会在 {hours} 小时内审核注销申请，审核结果通过短信通知。",
        "注销不会自动取消第三方授权，请先在“{menu}”中逐一解绑。",
        "实名认证信息在注销后仍可能按法律要求保存一段时间。",
        "建议先导出{feature}，注销后就无法再找回这些数据了。",
        "长时间不登录的账号可能会被回收，但这不等于你的个人信息已被删除。",
        "如遇到不合理的注销条件，可以向工业和信息化部或网信部门投诉。",
        "解绑手机号和银行卡是注销前的常见步骤，也能降低账号被盗用的风险。",
        "部分会员服务开启了自动续费，注销前务必先关闭 VIP 自动续费。",
        "注销申请提交后，账号会进入冻结状态，无法登录和使用{feature}。",
        "同一手机号在注销后 {days} 天内不能再注册新的{name}账号。",
        "平台称注销后会删除或匿名化处理你的个人信息，但没有说明具体期限。",
        "在 PC 客户端中，注销入口位于“{menu} → {final}”。",
        "如果忘记了登录密码，需要先通过人脸识别或申诉找回账号，再申请注销。",
        "企业账号和个人账号的注销流程不同，企业账号需要提交营业执照。",
        "注销前平台会列出你将失去的权益，包括{feature}、{feature2}等。",
        "用户可以在“{menu}”页面查看注销进度，处理期间请勿重复提交。",
        "有用户在社区反馈，注销后仍收到营销短信，可以回复退订或投诉。",
        "根据《个人信息保护法》，个人有权要求删除其个人信息，平台应当及时处理。",
    ];

    private static readonly string[] CompanySuffixes = ["科技有限公司", "网络技术有限公司", "信息科技有限公司", "数字科技集团"];
    private static readonly string[] EntryPlatforms = ["app", "web"];
    private static readonly int[] CoolingOffDays = [7, 15, 30];
    private static readonly int[] ProcessingHours = [24, 48, 72];
    private static readonly string[] DayTexts = ["7", "15", "30", "60"];
    private static readonly string[] HourTexts = ["24", "48", "72"];

    private static readonly string[] Headings = ["注销步骤", "注意事项", "注销之前要做什么", "无法注销时怎么办", "常见问题", "注销之后"];

    public static List<Platform> Platforms(int count, Random64 random)
    {
        var list = new List<Platform>(count);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(10) < 3 ? 3 : 2;
            var parts = Enumerable.Range(0, length).Select(_ => random.Pick(Syllables)).ToList();
            var name = string.Concat(parts.Select(p => p.Char));
            var pinyin = string.Concat(parts.Select(p => p.Pinyin));
            var initials = string.Concat(parts.Select(p => p.Pinyin[0]));
            var nameEn = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(pinyin);
            var company = name + random.Pick(CompanySuffixes);
            list.Add(new Platform($"{pinyin}-{i + 1}", name, nameEn, pinyin, initials, company, random.Pick(Categories)));
        }
        return list;
    }

    public static string Write(IReadOnlyList<Platform> platforms, int index, IReadOnlyList<string> legalIds, Random64 random)
    {
        var p = platforms[index];
        var difficulty = random.Pick(Difficulties);
        var outcome = difficulty switch
        {
            "impossible" => "no-self-service",
            "limited" => random.Next(2) == 0 ? "recycled-when-idle" : "no-self-service",
            _ => "deleted",
        };
        var features = Features[p.Category];
        string Sentence() => Fill(random.Pick(Sentences), p, features, random);

        var yaml = new StringBuilder();
        Line(yaml, "---");
        Line(yaml, $"slug: {p.Slug}");
        Line(yaml, $"name: {Q(p.Name)}");
        Line(yaml, $"name_en: {Q(p.NameEn)}");
        Line(yaml, $"company: {Q(p.Company)}");
        Line(yaml, $"category: {p.Category}");
        Line(yaml, $"aliases: [{string.Join(", ", new[] { p.Pinyin, p.Initials, p.Name + "账号", p.Name + "App", p.Pinyin + ".com" }.Distinct().Select(Q))}]");
        Line(yaml, $"difficulty: {difficulty}");
        Line(yaml, $"outcome: {outcome}");
        Line(yaml, $"summary: {Q($"{p.Name}（{p.NameEn}）{(outcome == "deleted" ? "可以在 App 内自助注销" : "没有方便的自助注销方式")}，注销前需要处理{random.Pick(features)}。")}");
        Line(yaml, $"summary_en: {Q($"{p.NameEn} is an invented platform in a generated test corpus; its guide is not real advice.")}");
        Line(yaml, "entry_paths:");
        foreach (var platform in EntryPlatforms.Take(1 + random.Next(2)))
        {
            var steps = Enumerable.Range(0, 2 + random.Next(3)).Select(_ => random.Pick(Menus)).Distinct().Append(random.Pick(FinalSteps));
            Line(yaml, $"  - platform: {platform}");
            Line(yaml, $"    steps: [{string.Join(", ", steps.Select(Q))}]");
            Line(yaml, "    cite: [corpus]");
        }
        foreach (var key in new[] { "preconditions", "consequences", "alternatives" })
        {
            Line(yaml, $"{key}:");
            for (var i = 0; i < 2 + random.Next(3); i++)
            {
                Line(yaml, $"  - text: {Q(Sentence())}");
                Line(yaml, "    cite: [corpus]");
            }
        }
        Line(yaml, "timing:");
        Line(yaml, $"  cooling_off_days: [{{value: {random.Pick(CoolingOffDays)}, cite: [corpus]}}]");
        Line(yaml, $"  processing_hours: [{{value: {random.Pick(ProcessingHours)}, cite: [corpus]}}]");
        Line(yaml, "related:");
        for (var i = 0; i < 1 + random.Next(2); i++)
        {
            var other = platforms[(index + 1 + random.Next(Math.Max(1, platforms.Count - 1))) % platforms.Count];
            Line(yaml, $"  - name: {Q(other.Name)}");
            if (other.Slug != p.Slug)
            {
                Line(yaml, $"    slug: {other.Slug}");
            }
            Line(yaml, $"    reason: {Q($"与{p.Name}同属一个账号体系，注销其中一个可能影响另一个")}");
            Line(yaml, "    cite: [corpus]");
        }
        var legal = legalIds.Where(_ => random.Next(2) == 0).DefaultIfEmpty(legalIds[0]).Distinct();
        Line(yaml, $"legal: [{string.Join(", ", legal)}]");
        Line(yaml, "sources:");
        Line(yaml, "  - id: corpus");
        Line(yaml, "    kind: unattributed");
        Line(yaml, "    publisher: AccountExit generate-corpus");
        Line(yaml, "    title: 生成的测试语料，并非真实平台");
        Line(yaml, "    seed: true");
        Line(yaml, "    published: 2025-06");
        Line(yaml, "    read: 2026-11-29");
        Line(yaml, "last_verified: 2026-11-29");
        Line(yaml, "---");

        var body = new StringBuilder();
        Line(body, $"> 本页是生成的测试语料：{p.Name}并非真实平台。");
        Line(body, "");
        foreach (var heading in Headings)
        {
            Line(body, $"## {heading}");
            Line(body, "");
            if (heading == "注销步骤")
            {
                for (var i = 1; i <= 3 + random.Next(4); i++)
                {
                    Line(body, $"{i}. {Sentence()}");
                }
                Line(body, "");
                continue;
            }
            for (var paragraph = 0; paragraph < 1 + random.Next(3); paragraph++)
            {
                Line(body, string.Concat(Enumerable.Range(0, 3 + random.Next(4)).Select(_ => Sentence())));
                Line(body, "");
            }
        }
        return yaml.ToString() + body;
    }

    private static string Fill(string template, Platform p, string[] features, Random64 random) => template
        .Replace("{name}", p.Name, StringComparison.Ordinal)
        .Replace("{company}", p.Company, StringComparison.Ordinal)
        .Replace("{menu}", random.Pick(Menus), StringComparison.Ordinal)
        .Replace("{final}", random.Pick(FinalSteps), StringComparison.Ordinal)
        .Replace("{feature2}", random.Pick(features), StringComparison.Ordinal)
        .Replace("{feature}", random.Pick(features), StringComparison.Ordinal)
        .Replace("{days}", random.Pick(DayTexts), StringComparison.Ordinal)
        .Replace("{hours}", random.Pick(HourTexts), StringComparison.Ordinal);

    /// <summary>Appends a line ending in \n whatever the platform, so the output is the same bytes everywhere.</summary>
    private static void Line(StringBuilder builder, string text) => builder.Append(text).Append('\n');

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Q(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
