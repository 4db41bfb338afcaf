using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Data;

/// <summary>
/// The one model, on SQLite (this class, migrations in Data/Migrations) or PostgreSQL (<see cref="PostgreSql.PostgreSqlAppDb"/>,
/// migrations in Data/PostgreSql/Migrations): EF Core keeps each provider's migrations apart by context type.
/// </summary>
public class AppDb : IdentityDbContext<EditorUser>
{
    public AppDb(DbContextOptions<AppDb> options) : base(options)
    {
    }

    protected AppDb(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Guide> Guides => Set<Guide>();
    public DbSet<LegalProvision> Legal => Set<LegalProvision>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<ReaderReport> ReaderReports => Set<ReaderReport>();
    public DbSet<ContentImport> ContentImports => Set<ContentImport>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Guide>(e =>
        {
            e.HasIndex(g => g.Slug).IsUnique();
            e.HasIndex(g => g.IsPublished);
            e.Property(g => g.LatestRevisionNumber).IsConcurrencyToken();
        });
        builder.Entity<LegalProvision>(e =>
        {
            e.ToTable("LegalProvisions");
            e.HasIndex(l => l.Key).IsUnique();
            e.Property(l => l.LatestRevisionNumber).IsConcurrencyToken();
        });
        builder.Entity<Revision>(e =>
        {
            e.HasIndex(r => new { r.DocumentType, r.DocumentKey, r.Number }).IsUnique();
        });
        builder.Entity<AuditEntry>(e => e.HasIndex(a => a.AtUtc));
        builder.Entity<ContentImport>(e =>
        {
            e.HasKey(c => c.Key);
            e.Property(c => c.Key).HasMaxLength(20);
            e.Property(c => c.Fingerprint).HasMaxLength(64);
        });
        builder.Entity<ReaderReport>(e =>
        {
            e.Property(r => r.GuideSlug).HasMaxLength(200);
            e.Property(r => r.Kind).HasMaxLength(20);
            e.Property(r => r.Note).HasMaxLength(ReaderReport.MaxNoteLength);
            e.Property(r => r.ResolutionNote).HasMaxLength(ReaderReport.MaxNoteLength);
            e.Property(r => r.ClaimKey).HasMaxLength(40);
            e.Property(r => r.FormId).HasMaxLength(64);
            e.HasIndex(r => r.FormId).IsUnique();
            e.HasIndex(r => new { r.GuideSlug, r.Kind, r.ResolvedAtUtc });
            e.HasIndex(r => new { r.ResolvedAtUtc, r.CreatedAtUtc });
        });
    }
}
