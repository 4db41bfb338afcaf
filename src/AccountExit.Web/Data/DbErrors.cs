using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AccountExit.Web.Data;

public static class DbErrors
{
    /// <summary>A unique index refused the row (SQLite: constraint error 19; PostgreSQL: SQLSTATE 23505).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
