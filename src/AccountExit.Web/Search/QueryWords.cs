namespace AccountExit.Web.Search;

/// <summary>
/// Words of a query that are not about a particular guide (docs/search.md, "Understanding a query"): question words
/// and filler carry no meaning and are dropped; the domain's generic words (every guide is about closing an account)
/// only rank. Chinese, pinyin and English, normalised (lower case).
/// </summary>
public static class QueryWords
{
    public static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "怎么", "怎么样", "怎样", "如何", "怎么办", "咋", "咋样", "为什么", "为啥", "啥", "什么", "能", "能不能", "能否", "可以",
        "可不可以", "可否", "吗", "么", "呢", "啊", "呀", "吧", "嘛", "需要", "要", "想", "想要", "在哪", "在哪里", "在哪儿", "哪里",
        "哪儿", "哪", "在", "的", "了", "我", "我的", "你", "您", "请问", "请", "一下", "是否", "是不是", "有没有", "去", "把", "给",
        "让", "和", "与", "及", "或", "还", "就", "都", "也", "会", "该", "应该", "怎么弄", "弄", "办", "进行", "自己", "个",
        "how", "to", "can", "could", "would", "should", "i", "my", "me", "the", "a", "an", "do", "does", "is", "it", "of", "for",
        "in", "on", "from", "what", "where", "when", "why", "please", "want", "need", "help", "way", "you", "your", "and", "or",
        "zenme", "zenyang", "ruhe", "keyi", "ma", "neng", "nengbuneng", "shenme", "nali", "zainali", "xuyao", "wo", "de",
    };

    public static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "注销", "注消", "销户", "销号", "删号", "账号", "帐号", "账户", "帐户", "用户", "删除", "永久", "彻底", "关闭", "注销账号",
        "注销账户", "步骤", "方法", "流程", "教程", "指南", "攻略", "入口", "申请",
        "delete", "deletion", "deleting", "remove", "removal", "cancel", "cancellation", "close", "closing", "closure",
        "deactivate", "terminate", "erase", "account", "accounts", "permanently", "permanent", "guide", "steps",
        "zhuxiao", "zhanghao", "zhanghu", "xiaohu", "shanchu",
    };

    /// <summary>
    /// Well-known platforms, each with its other names, used for one thing only: to say "there is no guide for X yet"
    /// when a query names one that no published guide's name or alias covers. A platform with a guide is found through
    /// the guide's own names; once any name of a group here is a published name or alias, the group is covered. The
    /// first name of a group is the one shown; names are compared normalised (lower case).
    /// </summary>
    public static readonly IReadOnlyList<string[]> KnownPlatforms =
    [
        ["抖音", "douyin", "tiktok"], ["快手", "kuaishou"], ["小红书", "xiaohongshu", "rednote"], ["哔哩哔哩", "B站", "bilibili"],
        ["知乎", "zhihu"], ["豆瓣", "douban"], ["今日头条", "头条", "toutiao"], ["拼多多", "pinduoduo", "pdd"], ["美团", "meituan"],
        ["饿了么", "eleme"], ["滴滴", "滴滴出行", "didi"], ["携程", "ctrip"], ["飞猪", "fliggy"], ["12306", "铁路12306"],
        ["高德", "高德地图", "amap"], ["百度网盘"], ["闲鱼", "xianyu"], ["爱奇艺", "iqiyi"], ["腾讯视频"], ["优酷", "youku"],
        ["网易云音乐", "网易云"], ["QQ音乐"], ["钉钉", "dingtalk"], ["陌陌", "momo"], ["探探", "tantan"], ["唯品会"], ["苏宁易购"],
        ["西瓜视频"], ["百度贴吧", "贴吧"], ["喜马拉雅", "ximalaya"], ["得物", "dewu"], ["大众点评", "dianping"], ["企业微信", "wecom"],
        ["微信读书"], ["夸克"], ["酷狗音乐", "酷狗", "kugou"], ["酷我音乐"], ["美图秀秀"], ["Keep"], ["UC浏览器"],
    ];
}
