namespace AccountExit.Web.Letters;

/// <summary>
/// A reason a reader can give for a deletion or cancellation request. Four are the circumstances of PIPL Art. 47(1)
/// items (一)–(四) in which a processor must delete personal information; the fifth is a plain request to cancel the
/// account, which rests on the Network Data Security Regulation alone. Item (五) ("other circumstances provided by
/// law") is left out: it names no circumstance a reader could state. Keys appear in URLs (<c>?reason=…</c>).
/// </summary>
/// <param name="Pipl47Item">The item of PIPL Art. 47, paragraph 1, this reason is (1–4); null for a plain cancellation.</param>
public sealed record LetterReason(string Key, string LabelZh, string LabelEn, int? Pipl47Item)
{
    public static readonly LetterReason Cancel = new("cancel", "我要注销账号", "I want my account cancelled", null);

    public static readonly IReadOnlyList<LetterReason> All =
    [
        Cancel,
        new("no-longer-needed", "处理目的已实现或不再必要", "The purpose of processing is achieved or no longer needs my data", 1),
        new("service-stopped", "平台已停止提供服务，或保存期限已届满", "The platform stopped the service, or the retention period has expired", 2),
        new("withdrawn-consent", "我撤回同意", "I withdraw my consent", 3),
        new("unlawful", "平台违法或违反约定处理我的个人信息", "My personal information is processed unlawfully or against our agreement", 4),
    ];

    /// <summary>The reason with this key; anything else (missing, unknown) is the plain cancellation.</summary>
    public static LetterReason Find(string? key) => All.FirstOrDefault(r => r.Key == key) ?? Cancel;

    public string Label(UiLanguage language) => language.Pick(LabelZh, LabelEn);
}
