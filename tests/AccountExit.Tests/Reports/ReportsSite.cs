using AccountExit.Tests.Infrastructure;

namespace AccountExit.Tests.Reports;

/// <summary>One private site with editors for the moderation and notice tests; each test uses guides of its own.</summary>
public sealed class ReportsSite : IDisposable
{
    public EditorSite Editors { get; } = new(settings: Reporting.NoWait);

    public void Dispose() => Editors.Dispose();
}

[CollectionDefinition("reports")]
public sealed class SharedReportsSite : ICollectionFixture<ReportsSite>;
