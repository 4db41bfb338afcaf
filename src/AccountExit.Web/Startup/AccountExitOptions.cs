using System.ComponentModel.DataAnnotations;

namespace AccountExit.Web.Startup;

/// <summary>The <c>AccountExit</c> configuration section (env <c>AccountExit__…</c>).</summary>
public sealed class AccountExitOptions
{
    public const string Section = "AccountExit";

    /// <summary>The content folder; a relative path is taken from the app's content root.</summary>
    [Required(ErrorMessage = "Set AccountExit:ContentPath (env AccountExit__ContentPath) to the content folder.")]
    public string ContentPath { get; set; } = "";

    /// <summary>Apply migrations and import the content folder when the site starts.</summary>
    public bool ImportOnStart { get; set; } = true;

    /// <summary>Serve public pages from the output cache. Off only to measure what the cache is worth (see bench/).</summary>
    public bool OutputCache { get; set; } = true;

    /// <summary>
    /// How much of public pages' finished responses each server keeps for the hit path (<see cref="Caching.HotPages"/>),
    /// in megabytes; 0 switches it off (the output cache still answers). Ten thousand guides in two languages and three
    /// encodings need about 200.
    /// </summary>
    [Range(0, 16_384, ErrorMessage = "AccountExit:HotPagesMegabytes (env AccountExit__HotPagesMegabytes) must be between 0 and 16384.")]
    public int HotPagesMegabytes { get; set; } = 64;

    /// <summary>How many recent search answers each server keeps (any index write invalidates them); 0 switches the cache off.</summary>
    [Range(0, 100_000, ErrorMessage = "AccountExit:SearchCacheEntries (env AccountExit__SearchCacheEntries) must be between 0 and 100000.")]
    public int SearchCacheEntries { get; set; } = 512;

    /// <summary>
    /// How long after a start with no request yet the search catalog (and jieba's dictionary) is loaded anyway, in
    /// seconds; otherwise it is loaded once the first response has been sent (<see cref="Search.SearchWarmup"/>).
    /// </summary>
    [Range(0, 3600, ErrorMessage = "AccountExit:SearchWarmUpSeconds (env AccountExit__SearchWarmUpSeconds) must be between 0 and 3600.")]
    public int SearchWarmUpSeconds { get; set; } = 3;

    /// <summary>
    /// The origin absolute URLs are built on (sitemap, feeds, OpenSearch, the API's links), such as
    /// <c>https://accountexit.example</c>. Unset: the request's own scheme and host (see docs/operations.md).
    /// </summary>
    [CustomValidation(typeof(Web.PublicOrigin), nameof(Web.PublicOrigin.Validate))]
    public string? PublicOrigin { get; set; }
}
