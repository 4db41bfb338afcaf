using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccountExit.Web.Data;

/// <summary>
/// Every SQLite connection: WAL (readers never wait for a writer), synchronous=FULL (an acknowledged save survives
/// a power cut, not just a crash), foreign keys on, and a busy timeout so concurrent writers wait their turn
/// instead of failing with "database is locked".
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statement = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statement;
        command.ExecuteNonQuery();
    }
}
