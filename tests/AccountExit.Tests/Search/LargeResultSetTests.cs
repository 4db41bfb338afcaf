using System.Net.Http.Json;
using AccountExit.Tests.Infrastructure;
using AccountExit.Web.Api.V1;
using AccountExit.Web.Cli;
using AccountExit.Web.Search;

namespace AccountExit.Tests.Search;

/// <summary>
/// Queries that match more than <see cref="SearchIndex.MaxCount"/> guides, which only a generated corpus has: the count
/// stops at "1000+" and the ranking goes by tiers (names first, shortest name first, then the rest in index order).
/// </summary>
public sealed class LargeResultSetTests : IClassFixture<LargeResultSetTests.Corpus>
{
    private readonly Corpus _corpus;

    public LargeResultSetTests(Corpus corpus) => _corpus = corpus;

    /// <summary>1,050 generated guides: every one has "注销账号" in its text and an alias "…账号" among its names.</summary>
    public sealed class Corpus : IDisposable
    {
        private readonly Repo.TempFolder _folder = new();

        public Corpus()
        {
            Path = System.IO.Path.Combine(_folder.Path, "corpus");
            Assert.Equal(0, GenerateCorpus.Run(["--count", "1050", "--out", Path], Repo.Root, Repo.Content, TextWriter.Null, TextWriter.Null));
            Site = new SiteFactory(Path);
            Client = Site.CreateClient();
        }

        public string Path { get; }
        public SiteFactory Site { get; }
        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            Site.Dispose();
            _folder.Dispose();
        }
    }

    private async Task<SearchResponse> SearchAsync(string query) =>
        (await _corpus.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=" + Uri.EscapeDataString(query)))!;

    [Fact]
    public async Task A_word_in_every_guide_counts_to_1000_and_says_there_are_more()
    {
        var response = await SearchAsync("注销");

        Assert.Equal(SearchIndex.MaxCount, response.Count);
        Assert.True(response.CountIsCapped);
        Assert.Equal(SearchIndex.DefaultLimit, response.Results.Count);
        Assert.Equal(response.Results.Count, response.Results.Select(r => r.Slug).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task When_every_guide_matches_the_guides_whose_names_match_come_first_shortest_name_first()
    {
        // 号 is in every guide's text ("注销账号") and in every generated guide's names (the alias "…账号").
        var response = await SearchAsync("号");

        Assert.True(response.CountIsCapped);
        var lengths = response.Results.Select(r => r.Name.Length).ToList();
        Assert.Equal(lengths.Order(), lengths);
        Assert.All(response.Results, r => Assert.Equal(SearchIndex.NameTierScore, r.Score));
    }

    [Fact]
    public async Task A_second_word_narrows_a_huge_result_set_back_to_a_ranked_one()
    {
        var first = File.ReadAllLines(Directory.GetFiles(System.IO.Path.Combine(_corpus.Path, "guides")).Order(StringComparer.Ordinal).First());
        var name = first.First(l => l.StartsWith("name: ", StringComparison.Ordinal))["name: ".Length..].Trim('"');

        var response = await SearchAsync("注销 " + name);

        Assert.False(response.CountIsCapped);
        Assert.True(response.Count < SearchIndex.MaxCount);
        Assert.Contains(name, response.Results[0].Name, StringComparison.Ordinal);
    }
}
