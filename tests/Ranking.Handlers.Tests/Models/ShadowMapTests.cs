using Ranking.Core.Ranking;
using Ranking.Handlers.Models;

namespace Ranking.Handlers.Tests.Models;

public sealed class ShadowMapTests
{
    private static readonly string[] s_served = ["feed", "search"];
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly List<string> _log = [];

    [Fact]
    public void Parse_WithAChallengerPerSurface_ReadsNameVersionAndFraction()
    {
        var map = ShadowMap.Parse(" feed = feed-ltr:2@0.1 ; search=search-ltr:5@0.05;", s_served);

        Assert.Equal(new ShadowMap.Entry("feed-ltr", "2", 0.1), map["feed"]);
        Assert.Equal(new ShadowMap.Entry("search-ltr", "5", 0.05), map["search"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ; ")]
    public void Parse_WithNothing_IsEmpty(string? text)
    {
        Assert.Empty(ShadowMap.Parse(text, s_served));
    }

    [Fact]
    public void Parse_SplitsAtTheLastSeparator_SoNamesMayHoldColons()
    {
        Assert.Equal(new ShadowMap.Entry("team:feed-ltr", "7", 1), ShadowMap.Parse("feed=team:feed-ltr:7@1", s_served)["feed"]);
    }

    [Fact]
    public void Parse_WithTheFractionBounds_AcceptsBoth()
    {
        var map = ShadowMap.Parse("feed=feed-ltr:1@0;search=search-ltr:1@1", s_served);

        Assert.Equal(0, map["feed"].Fraction);
        Assert.Equal(1, map["search"].Fraction);
    }

    [Theory]
    [InlineData("feed=feed-ltr:1@1.5")]
    [InlineData("feed=feed-ltr:1@-0.1")]
    [InlineData("feed=feed-ltr:1@half")]
    [InlineData("feed=feed-ltr:1@NaN")]
    [InlineData("feed=feed-ltr:1@0,5")]
    [InlineData("feed=feed-ltr:1")]
    [InlineData("feed=feed-ltr@0.5")]
    [InlineData("feed=:1@0.5")]
    [InlineData("feed=feed-ltr:@0.5")]
    [InlineData("=feed-ltr:1@0.5")]
    [InlineData("feed-ltr:1@0.5")]
    public void Parse_WithAMalformedEntry_ThrowsNamingIt(string text)
    {
        var error = Assert.Throws<FormatException>(() => ShadowMap.Parse(text, s_served));

        Assert.Equal($"'{text}' is not surface=model:version@fraction (fraction from 0 to 1)", error.Message);
    }

    [Fact]
    public void Parse_WithASurfaceThatIsNotServed_ThrowsNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => ShadowMap.Parse("home=feed-ltr:1@0.5", s_served));

        Assert.Contains("names surface 'home', which is not served", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_WithALoadableChallenger_SetsItOnItsSurface()
    {
        using var catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr", ["search"] = "search-ltr" });

        await ShadowMap.AttachAsync(catalog, ShadowMap.Parse("feed=search-ltr:1@0.25", s_served), SampleModels.Locator, s_timeout, _log.Add, CancellationToken.None);

        Assert.True(catalog.TryGet("feed", out var feed));
        Assert.Equal("search-ltr", feed.Shadow?.Challenger.Name);
        Assert.Equal(0.25, feed.Shadow?.Fraction);
        Assert.True(catalog.TryGet("search", out var search));
        Assert.Null(search.Shadow);
    }

    [Fact]
    public async Task Attach_WithAMissingPackage_LeavesTheSurfaceWithoutAShadowAndSaysSo()
    {
        using var catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });

        await ShadowMap.AttachAsync(catalog, ShadowMap.Parse("feed=search-ltr:9@0.5", ["feed"]), SampleModels.Locator, s_timeout, _log.Add, CancellationToken.None);

        Assert.True(catalog.TryGet("feed", out var feed));
        Assert.Null(feed.Shadow);
        Assert.Contains(_log, line => line.StartsWith("challenger search-ltr 9 for feed did not load", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attach_WithAStalledSource_GivesUpAtTheTimeout()
    {
        using var catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });

        await ShadowMap.AttachAsync(catalog, ShadowMap.Parse("feed=search-ltr:1@0.5", ["feed"]), new StalledLocator(), TimeSpan.FromMilliseconds(50), _log.Add, CancellationToken.None);

        Assert.True(catalog.TryGet("feed", out var feed));
        Assert.Null(feed.Shadow);
        Assert.Single(_log);
    }

    [Fact]
    public async Task Attach_CancelledByTheCaller_Throws()
    {
        using var catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ShadowMap.AttachAsync(catalog, ShadowMap.Parse("feed=search-ltr:1@0.5", ["feed"]), new StalledLocator(), s_timeout, _log.Add, cancelled.Token));
    }

    /// <summary>A bucket that accepts the read and never answers, until cancelled.</summary>
    private sealed class StalledLocator : IModelLocator
    {
        public string Source => "a stalled source";

        public Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken) => Task.FromResult<string?>("1");

        public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) =>
            new TaskCompletionSource<RankingModel>().Task.WaitAsync(cancellationToken);
    }
}
