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
    /// A write refused because another got there first: a unique index (the next revision number, a reader's report
    /// already filed) or a concurrency token. The code that saves handles these (a conflict page, "already reported"),
    /// so EF Core's own error log of them (<see cref="AccountExit.Web.Startup.LogFilters"/>) is noise; an unhandled one is still
    /// logged, with its stack trace, by the exception handler.
    /// </summary>
    public static bool IsConflict(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException or SqliteException { SqliteErrorCode: 19 }
                or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }
        return false;
    }

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
