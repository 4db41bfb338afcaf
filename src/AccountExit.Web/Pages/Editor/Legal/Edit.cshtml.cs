using System.Text;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Editing;
using AccountExit.Web.Rendering;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor.Legal;

/// <summary>Edit a legal provision the same way as a guide: every field, preview, draft or publish, conflicts refused.</summary>
public sealed class EditModel(AppDb db, Publisher publisher, MarkdownRenderer renderer) : PageModel
{
    [BindProperty]
    public LegalFrontMatter Input { get; set; } = new();

    [BindProperty]
    public string Body { get; set; } = "";

    [BindProperty]
    public string Note { get; set; } = "";

    [BindProperty]
    public int BaseNumber { get; set; }

    public LegalProvision Row { get; private set; } = null!;
    public List<string> Problems { get; private set; } = [];
    public string? PreviewHtml { get; private set; }
    public SideBySide? Conflict { get; private set; }
    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var latest = await publisher.FindRevisionAsync(Revision.LegalType, id, Row.LatestRevisionNumber, ct);
        Input = CanonicalContent.FromJson<LegalFrontMatter>(latest?.FrontMatterJson ?? Row.FrontMatterJson);
        Body = latest?.BodyMarkdown ?? Row.BodyMarkdown;
        BaseNumber = Row.LatestRevisionNumber;
        Input.Sources.Add(new Source());
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Check();
        PreviewHtml = renderer.Render(Body);
        Input.Sources.Add(new Source());
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var parsed = Check();
        if (parsed is null)
        {
            Input.Sources.Add(new Source());
            return Page();
        }
        var note = string.IsNullOrWhiteSpace(Note) ? "edited" : Note.Trim();
        var outcome = await publisher.SaveRevisionAsync(Row, BaseNumber, CanonicalContent.ToJson(parsed.FrontMatter), parsed.Body, User.Identity!.Name!, note, "edit", publish, ct);
        if (outcome.IsConflict)
        {
            var theirs = outcome.Theirs!;
            Conflict = SideBySide.Compare(theirs.Label(), theirs.ToFile(),
                "你的修改 Your edit (not saved)", CanonicalContent.ToFile(parsed.FrontMatter, parsed.Body));
            BaseNumber = theirs.Number;
            await LoadAsync(id, ct);
            Input.Sources.Add(new Source());
            return Page();
        }
        Message = publish ? $"已保存并发布 r{outcome.Saved!.Number}。" : $"已保存草稿 r{outcome.Saved!.Number}（读者看不到）。";
        return Redirect($"/editor/legal/{id}/edit");
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, int number, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || await publisher.FindRevisionAsync(Revision.LegalType, id, number, ct) is not { } revision)
        {
            return NotFound();
        }
        await publisher.PublishRevisionAsync(Row, revision, User.Identity!.Name!, ct);
        Message = $"已发布 r{number}。";
        return Redirect($"/editor/legal/{id}/edit");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var row = await db.Legal.FirstOrDefaultAsync(l => l.Key == id, ct);
        if (row is null)
        {
            return false;
        }
        Row = row;
        return true;
    }

    private ContentFile<LegalFrontMatter>? Check()
    {
        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        Input.Id = Row.Key;
        Input.Sources.RemoveAll(s => string.IsNullOrWhiteSpace(s.Title) && string.IsNullOrWhiteSpace(s.Url));
        foreach (var s in Input.Sources)
        {
            s.Url = Blank(s.Url);
            s.Date = Blank(s.Date);
            s.Note = Blank(s.Note);
        }
        Input.FormerArticle = Blank(Input.FormerArticle);
        Input.DocumentNumber = Blank(Input.DocumentNumber);
        Input.Adopted = Blank(Input.Adopted);
        Input.Effective = Blank(Input.Effective);
        Input.Amended = Blank(Input.Amended);
        Input.VerificationNote = Blank(Input.VerificationNote);
        Body = CanonicalContent.NormalizeBody(Body ?? "");

        var errors = new List<FrontMatterError>();
        var file = ContentFile.Parse<LegalFrontMatter>("form", Encoding.UTF8.GetBytes(CanonicalContent.ToFile(Input, Body)), errors);
        if (file is not null)
        {
            ContentRules.Check(file, errors);
        }
        Problems.AddRange(errors.Select(e => e.Problem));
        return errors.Count == 0 ? file : null;
    }
}
