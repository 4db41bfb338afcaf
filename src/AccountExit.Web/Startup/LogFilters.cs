using Npgsql;
using Serilog.Events;
using AccountExit.Web.Data;

namespace AccountExit.Web.Startup;

/// <summary>
/// Log events dropped before they are written (WebSetup's Serilog filters): each is an error EF Core logs for
/// something the site expects and handles, so that an operator's log shows only real errors.
/// </summary>
public static class LogFilters
{
    /// <summary>EF Core's error log of a <see cref="DbErrors.IsConflict">conflict</see> (a failed command, a failed save).</summary>
    public static bool IsConflictLoggedByEfCore(LogEvent e) =>
        e.Exception is { } exception
        && e.Properties.TryGetValue("SourceContext", out var source)
        && source.ToString().StartsWith("\"Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
        && DbErrors.IsConflict(exception);

    /// <summary>
    /// EF Core's error log of the Npgsql provider's first look at the migrations history on a new database: the
    /// provider does not check that <c>__EFMigrationsHistory</c> exists, it reads it and takes "relation does not
    /// exist" (42P01) as "no migration applied yet", but EF Core has already logged the failed command at error level
    /// (a known false positive: https://github.com/dotnet/efcore/issues/35690). The migrations then run normally.
    /// </summary>
    public static bool IsFirstMigrationProbe(LogEvent e) =>
        e.Level == LogEventLevel.Error
        && e.Properties.TryGetValue("commandText", out var command)
        && command is ScalarValue { Value: string sql }
        && sql.StartsWith("SELECT \"MigrationId\", \"ProductVersion\"", StringComparison.Ordinal)
        && sql.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)
        && e.Exception is null or PostgresException { SqlState: PostgresErrorCodes.UndefinedTable };
}
