using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Data;

public sealed class AppDb(DbContextOptions<AppDb> options) : DbContext(options)
{
    public DbSet<Guide> Guides => Set<Guide>();
    public DbSet<LegalProvision> Legal => Set<LegalProvision>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Guide>(e =>
        {
            e.HasIndex(g => g.Slug).IsUnique();
            e.HasIndex(g => g.IsPublished);
        });
        modelBuilder.Entity<LegalProvision>(e =>
        {
            e.ToTable("LegalProvisions");
            e.HasIndex(l => l.Key).IsUnique();
        });
    }
}
