using System.Globalization;
using System.Security.Cryptography;
using AccountExit.Web.Startup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Reports;

/// <summary>
/// The report form's proof of a human pace, without a third party: a token signed and encrypted with Data Protection
/// that says which guide's form it is, when it was served and a random form id. A form sent back too soon after it
/// was served, or hours later, or with a token that does not verify, is refused; the form id makes a form sent twice
/// one report.
/// </summary>
public sealed class ReportFormToken(IDataProtectionProvider protection, IOptionsMonitor<ProtectionOptions> options)
{
    public enum Verdict { Valid, Invalid, TooFast, Expired }

    public sealed record Check(Verdict Verdict, string FormId);

    private readonly IDataProtector _protector = protection.CreateProtector("AccountExit.Reports.FormToken.v1");

    public string Issue(string slug) =>
        _protector.Protect(string.Join('\n', slug, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

    public Check Verify(string? token, string slug)
    {
        string payload;
        try
        {
            payload = string.IsNullOrEmpty(token) ? "" : _protector.Unprotect(token);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Tampered, made up, or protected with a key this site no longer has.
            return new(Verdict.Invalid, "");
        }
        if (payload.Split('\n') is not [var forSlug, var issuedText, var formId]
            || forSlug != slug
            || !long.TryParse(issuedText, NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs))
        {
            return new(Verdict.Invalid, "");
        }
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        var limits = options.CurrentValue;
        return age < TimeSpan.FromSeconds(limits.ReportFormMinSeconds) ? new(Verdict.TooFast, formId)
            : age > TimeSpan.FromHours(limits.ReportFormMaxHours) ? new(Verdict.Expired, formId)
            : new(Verdict.Valid, formId);
    }
}
