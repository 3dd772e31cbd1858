using Ranking.Testing.Functions;

namespace Ranking.Functions.Tests;

/// <summary>
/// Publishes the functions as they ship (native AOT; Train self-contained), and Rank trees-only, and starts the loopback AWS
/// servers with the sample data, once for all end-to-end tests.
/// </summary>
public sealed class FunctionsFixture : IAsyncLifetime
{
    public const string Rank = "Ranking.Functions.Rank";
    public const string FeedRerank = "Ranking.Functions.FeedRerank";
    public const string ModelRefresh = "Ranking.Functions.ModelRefresh";
    public const string FeedBackfill = "Ranking.Functions.FeedBackfill";
    /// <summary>Published self-contained, not native AOT (its csproj says why); the same publish that ships.</summary>
    public const string Train = "Ranking.Functions.Train";

    private readonly Dictionary<string, string> _bootstraps = new(StringComparer.Ordinal);

    public FunctionTestBed Bed { get; private set; } = null!;

    public string Bootstrap(string project) => _bootstraps[project];

    /// <summary>Rank published trees-only (<c>-p:RankingTreesOnly=true</c>): no ONNX Runtime library in its folder.</summary>
    public string TreesOnlyRank { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // One publish at a time: the machine has two cores and each ILC run wants both.
        foreach (var project in new[] { Rank, FeedRerank, ModelRefresh, FeedBackfill, Train })
        {
            _bootstraps[project] = await FunctionBuild.BootstrapAsync(project);
        }

        TreesOnlyRank = await FunctionBuild.BootstrapAsync(Rank, treesOnly: true);

        Bed = await FunctionTestBed.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Bed is not null)
        {
            await Bed.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<FunctionsFixture>
{
    public const string Name = "functions";
}
