using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor;

/// <summary>
/// Every revision of a guide or a provision; any two compared side by side (DiffPlex); an old one restored as a
/// new draft on top of the latest.
/// </summary>
public sealed class HistoryModel(AppDb db, Publisher publisher) : PageModel
{
    public string Type { get; private set; } = "";
    public string Key { get; private set; } = "";
    public IPublishedDocument Row { get; private set; } = null!;
    public List<Revision> Revisions { get; private set; } = [];
    public SideBySide? Comparison { get; private set; }

    [BindProperty(SupportsGet = true)]
    public int? A { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? B { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string type, string key, CancellationToken ct)
    {
        if (!await LoadAsync(type, key, ct))
        {
            return NotFound();
        }
        var left = Revisions.FirstOrDefault(r => r.Number == A);
        var right = Revisions.FirstOrDefault(r => r.Number == B);
        if (left is not null && right is not null)
        {
            Comparison = SideBySide.Compare(left.Label(), left.ToFile(), right.Label(), right.ToFile());
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string type, string key, int number, int baseNumber, CancellationToken ct)
    {
        if (!await LoadAsync(type, key, ct))
        {
            return NotFound();
        }
        var old = Revisions.FirstOrDefault(r => r.Number == number);
        if (old is null)
        {
            return NotFound();
        }
        var outcome = await publisher.SaveRevisionAsync(Row, baseNumber, old.FrontMatterJson, old.BodyMarkdown, User.Identity!.Name!,
            $"restored r{number} as a draft", "restore", publish: false, ct);
        Message = outcome.IsConflict
            ? $"没有恢复：有人刚刚保存了 r{outcome.Theirs?.Number}，请先查看。Not restored: someone saved meanwhile."
            : $"已把 r{number} 恢复为新草稿 r{outcome.Saved!.Number}（尚未发布）。Restored as a new draft.";
        return Redirect($"/editor/{type}/{key}/history");
    }


    private async Task<bool> LoadAsync(string type, string key, CancellationToken ct)
    {
        Type = type;
        Key = key;
        IPublishedDocument? row = type switch
        {
            "guides" => await db.Guides.FirstOrDefaultAsync(g => g.Slug == key, ct),
            "legal" => await db.Legal.FirstOrDefaultAsync(l => l.Key == key, ct),
            _ => null,
        };
        if (row is null)
        {
            return false;
        }
        Row = row;
        Revisions = await db.Revisions.AsNoTracking()
            .Where(r => r.DocumentType == row.DocumentType && r.DocumentKey == key)
            .OrderByDescending(r => r.Number)
            .ToListAsync(ct);
        return true;
    }
}
