using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AccountExit.Web.Data.PostgreSql;

/// <summary>
/// The model on PostgreSQL (<c>AccountExit:Database</c> = <c>PostgreSql</c>). Its own type so that its migrations
/// (this folder's Migrations/) never mix with SQLite's; it also holds the Data Protection keys, so every instance of
/// a farm reads and signs with the same ones.
/// </summary>
public sealed class PostgreSqlAppDb(DbContextOptions<PostgreSqlAppDb> options) : AppDb(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

/// <summary>
/// For <c>dotnet ef migrations add … --context PostgreSqlAppDb</c>, which needs no server. The interface is covariant,
/// so the tools use this factory for <c>AppDb</c> (SQLite) too: to add a SQLite migration, hide it for that one command
/// (remove the interface) and run <c>dotnet ef migrations add … --context AccountExit.Web.Data.AppDb</c>.
/// </summary>
public sealed class PostgreSqlAppDbDesignTime : IDesignTimeDbContextFactory<PostgreSqlAppDb>
{
    public PostgreSqlAppDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDb>().UseNpgsql("Host=localhost;Database=accountexit").Options);
}
