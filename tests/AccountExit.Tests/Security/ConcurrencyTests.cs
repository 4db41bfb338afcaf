using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using AccountExit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AccountExit.Tests.Security;

/// <summary>
/// Two editors hammering one guide at once through the real edit form: every save is either acknowledged (302) and
/// then present exactly once, or refused with the conflict page; nothing is lost and "database is locked" never shows.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private const int SavesPerEditor = 500;
    private const string Slug = "weibo";
    private const string SaveButton = "button[formaction$='handler=save']";

    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private sealed record Attempt(string Marker, HttpStatusCode Status, bool ShowsConflict, string Html);

    [Fact]
    public async Task Two_editors_making_500_interleaved_saves_each_lose_nothing_and_every_refusal_is_a_conflict_page()
    {
        var before = await RevisionNumbersAsync();
        using var first = await _site.SignInAsync(EditorSite.Editor);
        using var second = await _site.SignInAsync(EditorSite.Editor2);
        var attempts = new ConcurrentBag<Attempt>();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Task.Run(() => SaveRepeatedlyAsync(first, "a", attempts)),
            Task.Run(() => SaveRepeatedlyAsync(second, "b", attempts)));
        output.WriteLine($"{attempts.Count} saves in {clock.Elapsed.TotalSeconds:F1} s: " +
            $"{attempts.Count(a => a.Status == HttpStatusCode.Redirect)} saved, {attempts.Count(a => a.ShowsConflict)} conflicts");

        Assert.Equal(2 * SavesPerEditor, attempts.Count);
        Assert.All(attempts, a =>
        {
            Assert.DoesNotContain("database is locked", a.Html, StringComparison.OrdinalIgnoreCase);
            Assert.True(a.Status == HttpStatusCode.Redirect || (a.Status == HttpStatusCode.OK && a.ShowsConflict),
                $"save {a.Marker} got {(int)a.Status} without a conflict page");
        });
        // The race was real: both editors landed saves, and both were refused at times.
        var saved = attempts.Where(a => a.Status == HttpStatusCode.Redirect).ToList();
        Assert.Contains(saved, a => a.Marker.StartsWith('a'));
        Assert.Contains(saved, a => a.Marker.StartsWith('b'));
        Assert.Contains(attempts, a => a.ShowsConflict);

        var added = (await RevisionsAsync()).Where(r => r.Number > before.Max()).ToList();
        Assert.Equal(saved.Count, added.Count);
        Assert.Equal(Enumerable.Range(before.Max() + 1, added.Count), added.Select(r => r.Number));
        foreach (var save in saved)
        {
            Assert.Single(added, r => r.BodyMarkdown.Contains(save.Marker, StringComparison.Ordinal));
        }
        foreach (var refused in attempts.Where(a => a.ShowsConflict))
        {
            Assert.DoesNotContain(added, r => r.BodyMarkdown.Contains(refused.Marker, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Each save is based on what this editor last saw: after a save, the freshly opened form; after a refusal, the
    /// conflict page itself, whose form now carries the other editor's revision as its base.
    /// </summary>
    private static async Task SaveRepeatedlyAsync(HttpClient client, string editor, ConcurrentBag<Attempt> attempts)
    {
        Forms.Page? conflictPage = null;
        for (var i = 0; i < SavesPerEditor; i++)
        {
            var page = conflictPage ?? await client.OpenAsync($"/editor/guides/{Slug}/edit");
            var marker = $"{editor}{i:D3}-{Guid.NewGuid():N}";
            var result = await client.SubmitAsync(page, SaveButton, new Dictionary<string, string>
            {
                ["Body"] = $"并发保存 {marker}\n",
                ["Note"] = marker,
            });
            var showsConflict = result.Document.QuerySelector(".conflict") is not null;
            attempts.Add(new Attempt(marker, result.Status, showsConflict, result.Html));
            conflictPage = showsConflict ? result : null;
        }
    }

    private Task<List<int>> RevisionNumbersAsync() =>
        _site.WithDbAsync(db => db.Revisions.Where(r => r.DocumentKey == Slug).Select(r => r.Number).ToListAsync());

    private Task<List<AccountExit.Web.Data.Revision>> RevisionsAsync() =>
        _site.WithDbAsync(db => db.Revisions.AsNoTracking().Where(r => r.DocumentKey == Slug).OrderBy(r => r.Number).ToListAsync());
}
