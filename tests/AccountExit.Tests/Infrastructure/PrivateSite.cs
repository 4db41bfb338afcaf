namespace AccountExit.Tests.Infrastructure;

/// <summary>A site of one's own, over a private copy of content/ that a test may change, with a client for it.</summary>
public sealed class PrivateSite : IDisposable
{
    private readonly Repo.TempFolder _folder = new();

    public PrivateSite()
    {
        ContentPath = Path.Combine(_folder.Path, "content");
        Repo.CopyFolder(Repo.Content, ContentPath);
        Factory = new SiteFactory(ContentPath);
        Client = Factory.CreateClient();
    }

    public string ContentPath { get; }
    public SiteFactory Factory { get; }
    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        _folder.Dispose();
    }
}
