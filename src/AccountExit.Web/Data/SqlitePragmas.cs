using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccountExit.Web.Data;

/// <summary>
/// Every SQLite connection: WAL (readers never wait for a writer), synchronous=FULL (an acknowledged save survives
/// a power cut, not just a crash), foreign keys on, and a busy timeout so concurrent writers wait their turn
/// instead of failing with "database is locked".
/// </summary>
/// <remarks>
/// The settings belong to the native connection, which Microsoft.Data.Sqlite's pool keeps open between uses: they are
/// applied once per native connection, not on every open (a search or a guide page opens one per request, and four
/// pragmas on each open cost more than the query; docs/performance.md, "Measured in the search code").
/// </remarks>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statement = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    /// <summary>Native connections already set up; an entry goes with its connection when the pool closes it.</summary>
    private static readonly ConditionalWeakTable<object, object> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Statement;
            command.ExecuteNonQuery();
            MarkApplied(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkApplied(connection);
        }
    }

    /// <summary>True until the settings have run on this native connection (a connection without a handle is always new).</summary>
    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !Applied.TryGetValue(handle, out _);

    /// <summary>
    /// Only once the statement succeeded: an open whose settings failed or were cancelled (a reader who left) must not
    /// hand the pool a connection marked as set up without foreign keys or a busy timeout.
    /// </summary>
    private static void MarkApplied(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Applied.AddOrUpdate(handle, handle);
        }
    }
}
