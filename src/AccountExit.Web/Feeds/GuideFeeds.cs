using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AccountExit.Web.Feeds;

/// <summary>
/// Atom feeds of published guide changes: the whole site at <c>/feeds/guides.atom</c>, one guide at
/// <c>/guides/{slug}/feed.atom</c>, each also under <c>/en</c>. An entry is a published revision, newest first: the guide's name, when it was
/// published, a link to the guide, the editor's note and the fields it changed. Entry ids never change.
/// </summary>
public static class GuideFeeds
{
    public const string ContentType = "application/atom+xml";
    public const string SitePath = "/feeds/guides.atom";
    private const int MaxEntries = 50;

    public static string GuidePath(string slug) => Documents.GuidePath(slug) + "/feed.atom";

    private sealed record Change(int Id, string Slug, string Name, string NameEn, string Category, int Number, DateTime PublishedAtUtc, string Note);

    /// <summary>Each feed in both interface languages (<c>/…</c> and <c>/en/…</c>): titles and links follow the language.</summary>
    public static IEndpointRouteBuilder MapGuideFeeds(this IEndpointRouteBuilder app)
    {
        foreach (var language in UiLanguage.All)
        {
            app.MapMethods(language.Href(SitePath), ApiV1.ReadMethods, async (AppDb db, HttpContext http, CancellationToken ct) =>
            {
                var origin = PublicOrigin.Of(http);
                var feed = new SyndicationFeed(language.Pick("AccountExit 指南修改", "AccountExit guide changes"),
                    language.Pick("国内平台账号注销指南的每次发布。", "Every published change to the guides to cancelling accounts on Chinese platforms."),
                    new Uri(origin + language.Href("/")), StableId("feed/guides"), DateTimeOffset.UnixEpoch);
                return Atom(await FillAsync(feed, db, origin, language, null, ct), origin + language.Href(SitePath));
            });

            app.MapMethods(language.Href("/guides/{slug}/feed.atom"), ApiV1.ReadMethods, async (string slug, AppDb db, HttpContext http, CancellationToken ct) =>
            {
                var guide = await db.Guides.AsNoTracking().Where(g => g.IsPublished && g.Slug == slug).Select(g => new { g.Name, g.NameEn })
                    .FirstOrDefaultAsync(ct);
                if (guide is null)
                {
                    return Results.NotFound();
                }
                var origin = PublicOrigin.Of(http);
                var feed = new SyndicationFeed(
                    language.Pick($"{guide.Name}（{guide.NameEn}）注销指南的修改", $"Changes to the {guide.NameEn} ({guide.Name}) guide"),
                    "AccountExit", new Uri(origin + language.Href(Documents.GuidePath(slug))), StableId("feed/guide/" + slug), DateTimeOffset.UnixEpoch);
                return Atom(await FillAsync(feed, db, origin, language, slug, ct), origin + language.Href(GuidePath(slug)));
            });
        }
        return app;
    }

    private static async Task<SyndicationFeed> FillAsync(SyndicationFeed feed, AppDb db, string origin, UiLanguage language, string? slug,
        CancellationToken ct)
    {
        var published = await (
                from r in db.Revisions.AsNoTracking()
                join g in db.Guides.AsNoTracking() on r.DocumentKey equals g.Slug
                where r.DocumentType == Revision.GuideType && r.PublishedAtUtc != null && g.IsPublished && (slug == null || g.Slug == slug)
                select new Change(r.Id, g.Slug, g.Name, g.NameEn, g.Category, r.Number, r.PublishedAtUtc!.Value, r.Note))
            .ToListAsync(ct);
        var entries = published.OrderByDescending(c => c.PublishedAtUtc).ThenByDescending(c => c.Number).Take(MaxEntries).ToList();
        // Each entry is compared with the revision of its guide published just before it.
        var bySlug = published.ToLookup(p => p.Slug, StringComparer.Ordinal);
        var previous = entries.ToDictionary(e => e.Id, e => bySlug[e.Slug].Where(p => p.Number < e.Number).MaxBy(p => p.Number));
        var ids = entries.Select(e => e.Id).Concat(previous.Values.OfType<Change>().Select(p => p.Id)).ToHashSet();
        var versions = await db.Revisions.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.FrontMatterJson, r.BodyMarkdown })
            .ToDictionaryAsync(r => r.Id, r => new ChangeSummary.Version(r.FrontMatterJson, r.BodyMarkdown), ct);

        feed.Language = language.Code;
        feed.Authors.Add(new SyndicationPerson { Name = "AccountExit" });
        feed.LastUpdatedTime = entries.Count > 0 ? Documents.Utc(entries[0].PublishedAtUtc) : DateTimeOffset.UnixEpoch;
        feed.Items = [.. entries.Select(e =>
        {
            var link = new Uri(origin + language.Href(Documents.GuidePath(e.Slug)));
            var note = string.IsNullOrWhiteSpace(e.Note) ? "" : language.Pick("：", ": ") + e.Note.Trim();
            var title = language.Pick($"{e.Name}（{e.NameEn}）r{e.Number}", $"{e.NameEn} ({e.Name}) r{e.Number}") + note;
            var before = previous[e.Id] is { } p ? versions[p.Id] : null;
            var item = new SyndicationItem(title, (SyndicationContent?)null, link, StableId($"guide/{e.Slug}/{e.Number}"), Documents.Utc(e.PublishedAtUtc))
            {
                Summary = new TextSyndicationContent(ChangeSummary.Describe(language, e.Note, before, versions[e.Id])),
                PublishDate = Documents.Utc(e.PublishedAtUtc),
            };
            item.Categories.Add(new SyndicationCategory(e.Category));
            return item;
        })];
        return feed;
    }

    private static IResult Atom(SyndicationFeed feed, string selfUrl)
    {
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(selfUrl), ContentType));
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(xml);
        }
        return Results.Bytes(buffer.ToArray(), ContentType + "; charset=utf-8");
    }

    /// <summary>
    /// A <c>urn:uuid:</c> made from the name alone (RFC 9562 version 8, from SHA-256), so an entry keeps its id whatever
    /// host or origin the feed is served from, and feed readers never show the same change twice.
    /// </summary>
    public static string StableId(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("accountexit/" + name)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString();
    }
}
