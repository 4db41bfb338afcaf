using System.Text;
using AccountExit.Web.Content;
using AccountExit.Web.Data;
using AccountExit.Web.Editing;
using AccountExit.Web.Pages.Guides;
using AccountExit.Web.Rendering;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Pages.Editor.Guides;

/// <summary>
/// Edit (or create, at /editor/guides/new) a guide, in one of two modes: a form for every front-matter field and the
/// body (grouped by section, sections collapsed unless they have a problem), or the whole guide as its content file in
/// one text area (<c>?mode=file</c>). Both check the result exactly as the importer checks a file, preview it through
/// the public template and save the same canonical revision. The form carries the revision it started from; a save on
/// a stale base is refused with both versions shown and the editor's text kept.
/// </summary>
public sealed class EditModel(AppDb db, Publisher publisher, MarkdownRenderer renderer) : PageModel
{
    private const int BlankRows = 2;

    [BindProperty]
    public GuideFrontMatter Input { get; set; } = new();

    [BindProperty]
    public string Body { get; set; } = "";

    [BindProperty]
    public string AliasesText { get; set; } = "";

    [BindProperty]
    public List<string> StepsText { get; set; } = [];

    [BindProperty]
    public string Note { get; set; } = "";

    [BindProperty]
    public int BaseNumber { get; set; }

    /// <summary>File mode: the whole content file, front matter and body.</summary>
    [BindProperty]
    public string FileText { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Mode { get; set; }

    public bool FileMode => Mode == "file";

    /// <summary>The guide's source ids: what a claim can cite.</summary>
    public IReadOnlyList<string> SourceIds => [.. Input.Sources.Select(s => s.Id).Where(id => !string.IsNullOrEmpty(id)).Distinct()];

    /// <summary>A form section starts open when a problem names it.</summary>
    public bool Open(string section) => Problems.Any(p => p.Contains(section, StringComparison.Ordinal));

    public bool IsNew { get; private set; }
    public Guide? Row { get; private set; }
    public List<string> Problems { get; private set; } = [];
    public GuideView? Preview { get; private set; }
    public SideBySide? Conflict { get; private set; }
    public Revision? Theirs { get; private set; }
    public List<(string Key, string Title)> AllLegal { get; private set; } = [];
    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string? slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }
        if (Row is null)
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Input = new GuideFrontMatter { LastVerified = today, Category = "other", Difficulty = "medium", Outcome = "deleted" };
        }
        else
        {
            var latest = await publisher.FindRevisionAsync(Revision.GuideType, Row.Slug, Row.LatestRevisionNumber, ct);
            Input = CanonicalContent.FromJson<GuideFrontMatter>(latest?.FrontMatterJson ?? Row.FrontMatterJson);
            Body = latest?.BodyMarkdown ?? Row.BodyMarkdown;
            BaseNumber = Row.LatestRevisionNumber;
        }
        AliasesText = string.Join('\n', Input.Aliases);
        StepsText = [.. Input.EntryPaths.Select(p => string.Join('\n', p.Steps))];
        FileText = CanonicalContent.ToFile(Input, Body);
        AddBlankRows();
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewFileAsync(string? slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }
        Mode = "file";
        var parsed = CheckFile();
        if (parsed is not null)
        {
            Preview = await GuideView.LoadAsync(db, parsed.FrontMatter, renderer.Render(parsed.Body), ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveFileAsync(string? slug, bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }
        Mode = "file";
        return await SaveAsync(slug, CheckFile(), publish, ct);
    }

    public async Task<IActionResult> OnPostPreviewAsync(string? slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }
        var parsed = Check();
        Preview = await GuideView.LoadAsync(db, parsed?.FrontMatter ?? Input, renderer.Render(Body), ct);
        AddBlankRows();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string? slug, bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }
        return await SaveAsync(slug, Check(), publish, ct);
    }

    /// <summary>Saves a checked file from either mode: the same canonical revision whichever mode made it.</summary>
    private async Task<IActionResult> SaveAsync(string? slug, ContentFile<GuideFrontMatter>? parsed, bool publish, CancellationToken ct)
    {
        var proposedSlug = parsed?.FrontMatter.Slug ?? Input.Slug;
        if (Row is null && await db.Guides.AnyAsync(g => g.Slug == proposedSlug, ct))
        {
            Problems.Add($"slug '{proposedSlug}' is already used by another guide");
        }
        if (parsed is null || Problems.Count > 0)
        {
            AddBlankRows();
            return Page();
        }

        var json = CanonicalContent.ToJson(parsed.FrontMatter);
        var note = string.IsNullOrWhiteSpace(Note) ? (Row is null ? "new guide" : "edited") : Note.Trim();
        var row = Row ?? publisher.NewGuide(parsed.FrontMatter.Slug, json);
        var outcome = await publisher.SaveRevisionAsync(row, Row is null ? 0 : BaseNumber, json, parsed.Body, User.Identity!.Name!, note, "edit", publish, ct);
        if (outcome is { IsConflict: true, Theirs: null })
        {
            Problems.Add($"slug '{proposedSlug}' is already used by another guide");
            await LoadAsync(slug, ct);
            AddBlankRows();
            return Page();
        }
        if (outcome.IsConflict)
        {
            Theirs = outcome.Theirs;
            Conflict = SideBySide.Compare(Theirs!.Label(), Theirs.ToFile(),
                "你的修改 Your edit (not saved)", CanonicalContent.ToFile(parsed.FrontMatter, parsed.Body));
            // Keep the editor's text in the form; saving again now means saving on top of their revision, knowingly.
            BaseNumber = Theirs.Number;
            await LoadAsync(slug, ct);
            AddBlankRows();
            return Page();
        }
        Message = publish ? $"已保存并发布 r{outcome.Saved!.Number}。Saved and published." : $"已保存草稿 r{outcome.Saved!.Number}（读者看不到）。Draft saved.";
        return Redirect($"/editor/guides/{parsed.FrontMatter.Slug}/edit" + (FileMode ? "?mode=file" : ""));
    }

    public async Task<IActionResult> OnPostPublishAsync(string slug, int number, CancellationToken ct)
    {
        var row = await db.Guides.FirstOrDefaultAsync(g => g.Slug == slug, ct);
        var revision = row is null ? null : await publisher.FindRevisionAsync(Revision.GuideType, slug, number, ct);
        if (row is null || revision is null)
        {
            return NotFound();
        }
        await publisher.PublishRevisionAsync(row, revision, User.Identity!.Name!, ct);
        Message = $"已发布 r{number}。Published.";
        return Redirect($"/editor/guides/{slug}/edit");
    }

    public async Task<IActionResult> OnPostUnpublishAsync(string slug, CancellationToken ct)
    {
        var row = await db.Guides.FirstOrDefaultAsync(g => g.Slug == slug, ct);
        if (row is null)
        {
            return NotFound();
        }
        await publisher.UnpublishAsync(row, User.Identity!.Name!, ct);
        Message = "已下线，读者看不到此指南。Unpublished.";
        return Redirect($"/editor/guides/{slug}/edit");
    }

    /// <summary>Marks the guide verified today: a new revision on top of the latest, published if the latest was.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(string slug, int number, CancellationToken ct)
    {
        var row = await db.Guides.FirstOrDefaultAsync(g => g.Slug == slug, ct);
        var latest = row is null ? null : await publisher.FindRevisionAsync(Revision.GuideType, slug, row.LatestRevisionNumber, ct);
        if (row is null || latest is null)
        {
            return NotFound();
        }
        var guide = CanonicalContent.FromJson<GuideFrontMatter>(latest.FrontMatterJson);
        guide.LastVerified = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var publish = row.IsPublished && row.PublishedRevisionNumber == latest.Number;
        var outcome = await publisher.SaveRevisionAsync(row, number, CanonicalContent.ToJson(guide), latest.BodyMarkdown, User.Identity!.Name!,
            $"verified on {guide.LastVerified}", "verify", publish, ct);
        Message = outcome.IsConflict ? "有人刚刚保存了新版本，请刷新后再标记。Someone saved meanwhile; reload first." : $"已标记为今天核对 r{outcome.Saved!.Number}。";
        return Redirect($"/editor/guides/{slug}/edit");
    }

    private async Task<bool> LoadAsync(string? slug, CancellationToken ct)
    {
        IsNew = slug is null;
        if (slug is not null)
        {
            Row = await db.Guides.FirstOrDefaultAsync(g => g.Slug == slug, ct);
            if (Row is null)
            {
                return false;
            }
        }
        AllLegal = [.. (await db.Legal.AsNoTracking().Where(l => l.IsPublished).OrderBy(l => l.SortOrder)
            .Select(l => new { l.Key, l.Law, l.Article }).ToListAsync(ct)).Select(l => (l.Key, $"《{l.Law}》{l.Article}"))];
        return true;
    }

    /// <summary>
    /// Turns the form into the canonical file and checks it exactly as the importer checks a file, plus the checks
    /// that need the database. What is saved is what an export would write.
    /// </summary>
    private ContentFile<GuideFrontMatter>? Check()
    {
        Clean();
        if (Row is not null)
        {
            Input.Slug = Row.Slug;
        }
        var errors = new List<FrontMatterError>();
        var file = ContentFile.Parse<GuideFrontMatter>("form", Encoding.UTF8.GetBytes(CanonicalContent.ToFile(Input, Body)), errors);
        var checkedFile = CheckParsed(file, errors);
        Problems.AddRange(errors.Select(e => e.Problem));
        return checkedFile;
    }

    /// <summary>File mode: the text area is the file; problems name its lines, as validate-content does.</summary>
    private ContentFile<GuideFrontMatter>? CheckFile()
    {
        var errors = new List<FrontMatterError>();
        var file = ContentFile.Parse<GuideFrontMatter>("file", Encoding.UTF8.GetBytes(FileText ?? ""), errors);
        if (file is not null && Row is not null && file.FrontMatter.Slug != Row.Slug)
        {
            errors.Add(file.Error("slug", $"the slug of an existing guide cannot change (it is '{Row.Slug}')"));
        }
        var checkedFile = CheckParsed(file, errors);
        Problems.AddRange(errors.Select(e => e.Line > 0 ? $"line {e.Line}: {e.Problem}" : e.Problem));
        if (file is not null)
        {
            Input = file.FrontMatter;
            Body = CanonicalContent.NormalizeBody(file.Body);
        }
        return checkedFile;
    }

    private ContentFile<GuideFrontMatter>? CheckParsed(ContentFile<GuideFrontMatter>? file, List<FrontMatterError> errors)
    {
        if (file is not null)
        {
            ContentRules.Check(file, errors);
            var legal = AllLegal.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            errors.AddRange(file.FrontMatter.Legal.Where(id => !legal.Contains(id)).Select(id => new FrontMatterError("form", file.LineOf("legal"), $"unknown legal id '{id}'")));
            var related = file.FrontMatter.Related.Where(r => r.Slug is not null).Select(r => r.Slug!).ToList();
            var known = db.Guides.Where(g => related.Contains(g.Slug)).Select(g => g.Slug).ToHashSet(StringComparer.Ordinal);
            errors.AddRange(related.Where(s => !known.Contains(s)).Select(s => new FrontMatterError("form", file.LineOf("related"), $"unknown guide slug '{s}' in related")));
            errors.AddRange(PlanProblems(file.FrontMatter).Select(p => new FrontMatterError("form", file.LineOf("plan"), p)));
        }
        return errors.Count == 0 ? file : null;
    }

    /// <summary>The plan checks that need the other guides: slugs that exist, and no cycle through this guide's links.</summary>
    private IEnumerable<string> PlanProblems(GuideFrontMatter guide)
    {
        var linked = (guide.Plan?.After ?? []).Concat(guide.Plan?.With ?? []).Select(l => l.Slug).ToList();
        if (linked.Count == 0)
        {
            return [];
        }
        var known = db.Guides.Where(g => linked.Contains(g.Slug)).Select(g => g.Slug).ToHashSet(StringComparer.Ordinal);
        // Only guides with a plan block can close a cycle.
        var others = db.Guides.AsNoTracking().Where(g => g.IsPublished && g.Slug != guide.Slug && g.FrontMatterJson.Contains("\"plan\":"))
            .Select(g => g.FrontMatterJson).ToList().Select(CanonicalContent.FromJson<GuideFrontMatter>);
        return ContentSet.UnknownPlanSlugs(guide, known).Select(p => p.Problem)
            .Concat(ContentSet.PlanCycles(others.Append(guide)).Where(c => c.Slug == guide.Slug).Select(c => c.Problem));
    }

    private void Clean()
    {
        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        static List<string> Lines(string? text) =>
            [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

        static List<string> Ids(List<string>? cite) => [.. (cite ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct()];
        foreach (var claim in Input.EntryPaths.Cast<ICited>().Concat(Input.Preconditions).Concat(Input.Consequences).Concat(Input.Alternatives)
            .Concat(Input.Related).Concat(Input.Plan?.First ?? []).Concat(Input.Plan?.After ?? []).Concat(Input.Plan?.With ?? []).Concat(Input.Plan?.Covers ?? []))
        {
            var ids = Ids(claim.Cite);
            claim.Cite.Clear();
            claim.Cite.AddRange(ids);
        }
        foreach (var f in Input.Preconditions.Concat(Input.Consequences).Concat(Input.Alternatives).Concat(Input.Plan?.First ?? []))
        {
            f.Variants.ForEach(v => v.Cite = Ids(v.Cite));
        }
        Input.History.ForEach(h => h.Cite = Ids(h.Cite));
        if (Input.Timing is { } timing)
        {
            foreach (var v in timing.CoolingOffDays.Concat(timing.ProcessingHours).Concat(timing.IdleDays))
            {
                v.Cite = Ids(v.Cite);
            }
        }
        Input.Aliases = Lines(AliasesText);
        for (var i = 0; i < Input.EntryPaths.Count; i++)
        {
            Input.EntryPaths[i].Steps = Lines(i < StepsText.Count ? StepsText[i] : null);
        }
        Input.EntryPaths.RemoveAll(p => p.Steps.Count == 0);
        var plan = Input.Plan ?? new GuidePlan();
        foreach (var facts in new[] { Input.Preconditions, Input.Consequences, Input.Alternatives, plan.First })
        {
            facts.RemoveAll(f => string.IsNullOrWhiteSpace(f.Text));
            foreach (var f in facts)
            {
                f.TextEn = Blank(f.TextEn);
                f.Note = Blank(f.Note);
                f.Verified = Blank(f.Verified);
                f.Variants.RemoveAll(v => string.IsNullOrWhiteSpace(v.Text));
                foreach (var v in f.Variants)
                {
                    v.TextEn = Blank(v.TextEn);
                }
            }
        }
        foreach (var p in Input.EntryPaths)
        {
            p.Note = Blank(p.Note);
            p.Verified = Blank(p.Verified);
        }
        Input.History.RemoveAll(h => string.IsNullOrWhiteSpace(h.Date) && string.IsNullOrWhiteSpace(h.Text));
        foreach (var h in Input.History)
        {
            h.Date = h.Date?.Trim() ?? "";
            h.Text = h.Text?.Trim() ?? "";
            h.TextEn = Blank(h.TextEn);
            h.Note = Blank(h.Note);
        }
        Input.Related.RemoveAll(r => string.IsNullOrWhiteSpace(r.Name) && string.IsNullOrWhiteSpace(r.Reason));
        foreach (var r in Input.Related)
        {
            r.Slug = Blank(r.Slug);
            r.ReasonEn = Blank(r.ReasonEn);
            r.Verified = Blank(r.Verified);
        }
        foreach (var links in new[] { plan.After, plan.With })
        {
            links.RemoveAll(l => string.IsNullOrWhiteSpace(l.Slug) && string.IsNullOrWhiteSpace(l.Reason));
            foreach (var l in links)
            {
                l.Slug = l.Slug?.Trim() ?? "";
                l.ReasonEn = Blank(l.ReasonEn);
                l.Note = Blank(l.Note);
                l.Verified = Blank(l.Verified);
            }
        }
        plan.Covers.RemoveAll(c => string.IsNullOrWhiteSpace(c.Name) && string.IsNullOrWhiteSpace(c.Reason));
        foreach (var c in plan.Covers)
        {
            c.NameEn = Blank(c.NameEn);
            c.ReasonEn = Blank(c.ReasonEn);
            c.Note = Blank(c.Note);
            c.Verified = Blank(c.Verified);
        }
        Input.Plan = plan.First.Count + plan.After.Count + plan.With.Count + plan.Covers.Count == 0 ? null : plan;
        Input.Sources.RemoveAll(s => string.IsNullOrWhiteSpace(s.Id) && string.IsNullOrWhiteSpace(s.Title) && string.IsNullOrWhiteSpace(s.Url));
        foreach (var s in Input.Sources)
        {
            s.Id = s.Id?.Trim() ?? "";
            s.Kind = s.Kind?.Trim() ?? "";
            s.Url = Blank(s.Url);
            s.Via = Blank(s.Via);
            s.CopyOf = Blank(s.CopyOf);
            s.Note = Blank(s.Note);
            s.Publisher = s.Publisher?.Trim() ?? "";
            s.Title = s.Title?.Trim() ?? "";
            s.Published = s.Published?.Trim() ?? "";
            s.Read = s.Read?.Trim() ?? "";
        }
        Input.Legal = [.. Input.Legal.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct()];
        Input.CompanyEn = Blank(Input.CompanyEn);
        Input.OfficialUrl = Blank(Input.OfficialUrl);
        Input.RequestEmail = Blank(Input.RequestEmail);
        if (Input.Timing is { } t)
        {
            // A row without a source is an empty row of the form (a value of 0 with no source is no claim).
            foreach (var values in new[] { t.CoolingOffDays, t.ProcessingHours, t.IdleDays })
            {
                values.RemoveAll(v => v.Cite.Count == 0 && v.Value == 0 && string.IsNullOrWhiteSpace(v.Until));
                foreach (var v in values)
                {
                    v.Until = Blank(v.Until);
                    v.Note = Blank(v.Note);
                }
            }
            t.Note = Blank(t.Note);
            t.NoteEn = Blank(t.NoteEn);
            if (t is { CoolingOffDays.Count: 0, ProcessingHours.Count: 0, IdleDays.Count: 0, Note: null, NoteEn: null })
            {
                Input.Timing = null;
            }
        }
        Body = CanonicalContent.NormalizeBody(Body ?? "");
    }

    /// <summary>Empty rows to add items without JavaScript; empty rows are ignored on save.</summary>
    private void AddBlankRows()
    {
        StepsText = [.. Input.EntryPaths.Select(p => string.Join('\n', p.Steps))];
        Input.Timing ??= new Timing();
        for (var i = 0; i < BlankRows; i++)
        {
            Input.EntryPaths.Add(new EntryPath { Platform = "app" });
            StepsText.Add("");
            Input.Preconditions.Add(new Fact());
            Input.Consequences.Add(new Fact());
            Input.Alternatives.Add(new Fact());
            Input.Related.Add(new RelatedPlatform());
            Input.History.Add(new HistoryEvent());
            Input.Timing.CoolingOffDays.Add(new TimingValue());
            Input.Timing.ProcessingHours.Add(new TimingValue());
            Input.Timing.IdleDays.Add(new TimingValue());
            Input.Plan ??= new GuidePlan();
            Input.Plan.First.Add(new Fact());
            Input.Plan.After.Add(new PlanLink());
            Input.Plan.With.Add(new PlanLink());
            Input.Plan.Covers.Add(new PlanCover());
            Input.Sources.Add(new GuideSource());
        }
        foreach (var f in Input.Preconditions.Concat(Input.Consequences).Concat(Input.Alternatives).Concat(Input.Plan?.First ?? []))
        {
            f.Variants.Add(new FactVariant());
        }
    }
}
