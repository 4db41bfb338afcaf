namespace AccountExit.Web.Pages;

/// <summary>What a platform list shows of one guide (home and search pages).</summary>
public sealed record PlatformCard(string Slug, string Name, string NameEn, string Company, string Difficulty, string Outcome, string Summary, string SummaryEn);
