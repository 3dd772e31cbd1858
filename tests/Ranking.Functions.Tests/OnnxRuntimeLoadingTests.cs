using System.Text.Json;
using Ranking.Contracts;
using Ranking.Testing.Functions;
using Ranking.Testing.Models;

namespace Ranking.Functions.Tests;

/// <summary>
/// ONNX Runtime's native library is mapped only when a model needs it: a Rank process serving the sample tree model
/// never maps it, one serving a model the native scorer refuses does. A trees-only Rank ships without the library and
/// refuses such a model at load, as it would any model that does not load.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class OnnxRuntimeLoadingTests(FunctionsFixture fixture) : IDisposable
{
    private const string OnnxRuntimeLibrary = "libonnxruntime.so";

    private readonly TestPackages _packages = new();

    public void Dispose() => _packages.Dispose();

    [Fact]
    public async Task Rank_ServingTheSampleTreeModel_NeverMapsOnnxRuntime()
    {
        await using var function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api => fixture.Bed.Environment(api));

        Assert.Equal("1", RankEvents.ServedVersion(await function.InvokeAsync(RankEvents.FeedOfThree)));

        Assert.DoesNotContain(OnnxRuntimeLibrary, await MapsAsync(function), StringComparison.Ordinal);
        // The published bootstrap has the scan's AVX2 blocks compiled in (the functions' x86-64-v3 instruction set).
        await function.Process.WaitForLineAsync(l => l.Contains("\"model loaded\"", StringComparison.Ordinal) && l.Contains("\"native\"", StringComparison.Ordinal) && l.Contains("\"bitvector, 32 documents per block\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rank_ServingAModelTheNativeScorerRefuses_MapsOnnxRuntime()
    {
        // The other side of the check above: the maps do show the library once ONNX Runtime serves a model.
        var models = _packages.NonTreeCopyOfSample("feed-ltr", "1");
        await using var function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api => WithModels(api, models));

        var response = await function.InvokeAsync(RankEvents.FeedOfThree);
        await function.Process.WaitForLineAsync(l => l.Contains("\"model loaded\"", StringComparison.Ordinal) && l.Contains("\"onnx runtime\"", StringComparison.Ordinal));
        Assert.Equal("1", RankEvents.ServedVersion(response));

        Assert.Contains(OnnxRuntimeLibrary, await MapsAsync(function), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TreesOnlyRank_ShipsWithoutOnnxRuntime_AndServesTheTreeModel()
    {
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(fixture.TreesOnlyRank)!, "libonnxruntime*"));
        await using var function = await RunningFunction.StartAsync(fixture.TreesOnlyRank, api => fixture.Bed.Environment(api));

        Assert.Equal("1", RankEvents.ServedVersion(await function.InvokeAsync(RankEvents.FeedOfThree)));
    }

    [Fact]
    public async Task TreesOnlyRank_GivenAModelTheNativeScorerRefuses_FailsItsLoadNamingTheModelAndTheReason()
    {
        var models = _packages.NonTreeCopyOfSample("feed-ltr", "1");
        await using var function = await RunningFunction.StartAsync(fixture.TreesOnlyRank, api => WithModels(api, models));

        var response = await function.InvokeAsync(RankEvents.FeedOfThree);

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using (var body = JsonDocument.Parse(response.GetProperty("body").GetString()!))
        {
            Assert.NotEqual(JsonValueKind.Null, body.RootElement.GetProperty("fallback").ValueKind);
        }

        static bool Unavailable(string line) => line.Contains("\"model unavailable; the surface ranks in fallback order\"", StringComparison.Ordinal);
        await function.Process.WaitForLineAsync(Unavailable);
        var unavailable = Assert.Single(function.Process.Output, Unavailable);
        Assert.Contains("feed-ltr/1: this deployment serves tree ensembles only", unavailable, StringComparison.Ordinal);
        Assert.Contains("the native scorer refuses this model: the graph has 2 nodes", unavailable, StringComparison.Ordinal);
        await EmfOutput.AssertWrittenAsync(function.Process, MetricNames.ModelSwapFailures);
        Assert.DoesNotContain(OnnxRuntimeLibrary, await MapsAsync(function), StringComparison.Ordinal);
    }

    /// <summary>Serves the feed surface from the models folder that holds <paramref name="package"/>.</summary>
    private Dictionary<string, string> WithModels(string api, string package)
    {
        var environment = fixture.Bed.Environment(api, surfaces: "feed=feed-ltr");
        environment[EnvironmentNames.ModelDirectory] = Path.GetDirectoryName(Path.GetDirectoryName(package))!;
        return environment;
    }

    private static Task<string> MapsAsync(RunningFunction function) => File.ReadAllTextAsync($"/proc/{function.Process.Id}/maps");
}
