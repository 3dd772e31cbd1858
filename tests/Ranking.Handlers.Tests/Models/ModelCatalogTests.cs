using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Core.Rules;
using Ranking.Handlers.Models;

namespace Ranking.Handlers.Tests.Models;

public sealed class ModelCatalogTests
{
    private static readonly SurfaceRules s_rules = new(new Contracts.Rules.SurfaceRulesSettings { Diversity = [new(Contracts.Rules.ItemAttributes.SellerId, 1, 20)] });

    private static async Task<ModelCatalog> ServingAsync() => new(
    [
        new SurfaceModel { Surface = "search", ModelName = "search-ltr", Unavailable = "no package" },
        new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Rules = s_rules, Model = await SampleModels.LoadAsync("feed-ltr") },
    ]);

    [Fact]
    public async Task TryGet_WithAConfiguredSurface_ReturnsIt()
    {
        using var catalog = await ServingAsync();

        Assert.True(catalog.TryGet("feed", out var surface));
        Assert.Equal("feed-ltr", surface.Model?.Name);
        Assert.Same(s_rules, surface.Rules);
    }

    [Theory]
    [InlineData("home")]
    [InlineData("Feed")]
    [InlineData("")]
    public async Task TryGet_WithAnUnknownSurface_ReturnsFalse(string name)
    {
        using var catalog = await ServingAsync();

        Assert.False(catalog.TryGet(name, out var surface));
        Assert.Null(surface);
    }

    [Fact]
    public async Task Surfaces_AreListedInOrdinalOrder()
    {
        using var catalog = await ServingAsync();

        Assert.Equal(["feed", "search"], catalog.SurfaceNames);
        Assert.Equal(["feed", "search"], catalog.Surfaces.Select(s => s.Surface));
    }

    [Fact]
    public void Pending_StartsEverySurfaceWithoutAModel()
    {
        using var catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr", ["search"] = "search-ltr" });

        Assert.All(catalog.Surfaces, s => Assert.Null(s.Model));
        Assert.All(catalog.Surfaces, s => Assert.Equal("not loaded yet", s.Unavailable));
        Assert.Equal(["feed-ltr", "search-ltr"], catalog.Surfaces.Select(s => s.ModelName));
    }

    [Fact]
    public async Task Swap_ServesTheNewModelAndHandsBackTheOldOne()
    {
        using var catalog = await ServingAsync();
        Assert.True(catalog.TryGet("feed", out var before));
        var next = await SampleModels.LoadAsync("feed-ltr");

        using var previous = catalog.Swap("feed", next);

        Assert.Same(before.Model, previous);
        Assert.True(catalog.TryGet("feed", out var after));
        Assert.Same(next, after.Model);
        Assert.Same(s_rules, after.Rules);
        Assert.Equal("feed-ltr", after.ModelName);
        // A request that read the surface before the swap keeps the model it started with.
        Assert.Same(previous, before.Model);
    }

    [Fact]
    public async Task Swap_OnAnUnavailableSurface_ClearsTheReason()
    {
        using var catalog = await ServingAsync();

        Assert.Null(catalog.Swap("search", await SampleModels.LoadAsync("search-ltr")));

        Assert.True(catalog.TryGet("search", out var search));
        Assert.Null(search.Unavailable);
        Assert.Equal("search-ltr", search.Model?.Name);
    }

    [Fact]
    public async Task MarkUnavailable_WhileAModelServes_KeepsServingIt()
    {
        using var catalog = await ServingAsync();

        catalog.MarkUnavailable("feed", "sha256 mismatch");

        Assert.True(catalog.TryGet("feed", out var feed));
        Assert.NotNull(feed.Model);
        Assert.Null(feed.Unavailable);
    }

    [Fact]
    public async Task MarkUnavailable_WithoutAModel_RecordsTheLatestReason()
    {
        using var catalog = await ServingAsync();

        catalog.MarkUnavailable("search", "timed out");

        Assert.True(catalog.TryGet("search", out var search));
        Assert.Equal("timed out", search.Unavailable);
    }

    [Fact]
    public async Task SetShadow_KeepsTheModelAndAddsTheChallenger()
    {
        using var catalog = await ServingAsync();
        Assert.True(catalog.TryGet("feed", out var before));

        catalog.SetShadow("feed", new Shadow(await SampleModels.LoadAsync("search-ltr"), 0.1));

        Assert.True(catalog.TryGet("feed", out var after));
        Assert.Same(before.Model, after.Model);
        Assert.Equal("search-ltr", after.Shadow?.Challenger.Name);
        Assert.Equal(0.1, after.Shadow?.Fraction);
    }

    [Fact]
    public async Task Dispose_LeavesAModelThatSwapHandedBackToItsOwner()
    {
        // Only what the catalog still serves is freed: a swapped-out model may still be scoring an in-flight request,
        // and scoring with a freed ONNX session brings the process down rather than throwing.
        var catalog = await ServingAsync();
        using var previous = catalog.Swap("feed", await SampleModels.LoadAsync("feed-ltr"));
        Assert.NotNull(previous);

        catalog.Dispose();

        Assert.Null(Rank(previous).Fallback);
    }

    private static RankResult Rank(RankingModel model) => Ranker.Rank(
        new RankInput { Context = new FeatureContext(), Candidates = [new Candidate("i_1")], Items = [new ItemRecord { ItemId = "i_1" }] },
        model,
        SurfaceRules.Default);
}
