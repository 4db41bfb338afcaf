using System.Text;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Startup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccountExit.Web.Cli;

/// <summary>
/// <c>export-content [DIR]</c>: writes every published guide and provision as a content file in the documented
/// format (default: the configured content folder), so web edits can be committed to git. Drafts stay in the site.
/// Export → import changes nothing, and exporting again writes the same bytes.
/// </summary>
public static class ExportContent
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var dir = args.Length > 0 ? Path.GetFullPath(args[0]) : services.GetRequiredService<IOptions<AccountExitOptions>>().Value.ContentPath;
        await DataSetup.MigrateAsync(services);
        var (guides, legal) = await ExportAsync(services.GetRequiredService<AppDb>(), dir, CancellationToken.None);
        Console.WriteLine($"Exported {guides} guides and {legal} legal provisions to {dir}");
        return 0;
    }

    public static async Task<(int Guides, int Legal)> ExportAsync(AppDb db, string dir, CancellationToken ct)
    {
        var guides = await db.Guides.AsNoTracking().Where(g => g.IsPublished).Select(g => new { g.Slug, g.FrontMatterJson, g.BodyMarkdown }).ToListAsync(ct);
        Directory.CreateDirectory(Path.Combine(dir, "guides"));
        foreach (var g in guides)
        {
            await WriteAsync(Path.Combine(dir, "guides", g.Slug + ".md"),
                CanonicalContent.ToFile(Revision.GuideType, g.FrontMatterJson, g.BodyMarkdown), ct);
        }
        var legal = await db.Legal.AsNoTracking().Where(l => l.IsPublished).Select(l => new { l.Key, l.FrontMatterJson, l.BodyMarkdown }).ToListAsync(ct);
        Directory.CreateDirectory(Path.Combine(dir, "legal"));
        foreach (var l in legal)
        {
            await WriteAsync(Path.Combine(dir, "legal", l.Key + ".md"),
                CanonicalContent.ToFile(Revision.LegalType, l.FrontMatterJson, l.BodyMarkdown), ct);
        }
        return (guides.Count, legal.Count);
    }

    private static Task WriteAsync(string path, string text, CancellationToken ct) =>
        File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct);
}
