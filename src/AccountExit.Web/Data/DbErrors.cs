using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AccountExit.Web.Data;

public static class DbErrors
{
    /// <summary>A unique index refused the row (SQLite: constraint error 19; PostgreSQL: SQLSTATE 23505).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// The database cannot answer now, though it may in a moment: PostgreSQL unreachable, shutting down, starting up or
    /// out of connections (Npgsql's transient errors, SQLSTATE classes 08 and 57P, 53300), a socket error, or SQLite
    /// busy or locked past its timeout. EF Core wraps these (DbUpdateException, InvalidOperationException), so the
    /// whole chain is looked at. Not a bad query and not a conflict: those stay what they are.
    /// </summary>
    public static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AggregateException all)
            {
                return all.InnerExceptions.Any(IsUnavailable);
            }
            if (e is PostgresException postgres)
            {
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || postgres.SqlState == PostgresErrorCodes.TooManyConnections;
            }
            if (e is NpgsqlException { IsTransient: true } or SocketException
                or SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }
        return false;
    }
}
