using Ranking.Infra.Configuration;
using Ranking.Infra.Functions;

namespace Ranking.Infra.Tests.Functions;

public sealed class FunctionBundlesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-bundles-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MissingBundles_FailSynth_NamingEachZipAndThePublishScript()
    {
        File.WriteAllBytes(Path.Combine(_directory, FunctionBundles.Rank + ".zip"), [0x50, 0x4b, 0x05, 0x06]);
        var error = Synth.Fails((ContextKeys.Bundles, "artifacts"), (ContextKeys.BundleDirectory, _directory));
        Assert.Contains("./scripts/publish-functions.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory, FunctionBundles.FeedRerank + ".zip"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory, FunctionBundles.ModelRefresh + ".zip"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(_directory, FunctionBundles.Rank + ".zip"), error.Message, StringComparison.Ordinal);
        Assert.Contains("bundles=placeholder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedBundles_BecomeEachFunctionsOwnAsset()
    {
        foreach (var project in new[] { FunctionBundles.Rank, FunctionBundles.FeedRerank, FunctionBundles.ModelRefresh, FunctionBundles.FeedBackfill, FunctionBundles.Train })
        {
            // Distinct bytes, so each zip hashes to its own asset.
            File.WriteAllText(Path.Combine(_directory, project + ".zip"), project);
        }

        var synth = Synth.Run((ContextKeys.Bundles, "artifacts"), (ContextKeys.BundleDirectory, _directory));
        var keys = synth.Stack.Functions.All
            .Select(f => synth.PropertiesOf(f).GetProperty("Code").GetProperty("S3Key").GetString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(5, keys.Count);
        Assert.DoesNotContain("PLACEHOLDER", synth.Json.GetProperty("Description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TreesOnly_TakesRankAndFeedRerankFromTheirTreesOnlyZips_AndModelRefreshAndTrainFromTheirOwn()
    {
        foreach (var zip in new[]
        {
            FunctionBundles.Rank, FunctionBundles.FeedRerank, FunctionBundles.ModelRefresh, FunctionBundles.FeedBackfill, FunctionBundles.Train,
            FunctionBundles.Rank + FunctionBundles.TreesOnlySuffix, FunctionBundles.FeedRerank + FunctionBundles.TreesOnlySuffix,
        })
        {
            File.WriteAllText(Path.Combine(_directory, zip + ".zip"), zip);
        }

        var synth = Synth.Run((ContextKeys.Bundles, "artifacts"), (ContextKeys.BundleDirectory, _directory), (ContextKeys.TreesOnly, true));

        // Each function's S3 key names the asset staged into the cloud assembly, a copy of the zip it came from.
        Assert.Equal("Ranking.Functions.Rank.trees-only", StagedAsset(synth, synth.Stack.Functions.Rank));
        Assert.Equal("Ranking.Functions.FeedRerank.trees-only", StagedAsset(synth, synth.Stack.Functions.FeedRerank));
        Assert.Equal("Ranking.Functions.ModelRefresh", StagedAsset(synth, synth.Stack.Functions.ModelRefresh));
        Assert.Equal("Ranking.Functions.FeedBackfill", StagedAsset(synth, synth.Stack.Functions.FeedBackfill));
        Assert.Equal("Ranking.Functions.Train", StagedAsset(synth, synth.Stack.Functions.Train));
    }

    [Fact]
    public void TreesOnly_WithoutTheTreesOnlyZips_FailsSynthNamingThemAndTheScriptsOption()
    {
        foreach (var project in new[] { FunctionBundles.Rank, FunctionBundles.FeedRerank, FunctionBundles.ModelRefresh, FunctionBundles.FeedBackfill, FunctionBundles.Train })
        {
            File.WriteAllText(Path.Combine(_directory, project + ".zip"), project);
        }

        var error = Synth.Fails((ContextKeys.Bundles, "artifacts"), (ContextKeys.BundleDirectory, _directory), (ContextKeys.TreesOnly, true));

        Assert.Contains(Path.Combine(_directory, "Ranking.Functions.Rank.trees-only.zip"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory, "Ranking.Functions.FeedRerank.trees-only.zip"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelRefresh", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Train", error.Message, StringComparison.Ordinal);
        Assert.Contains("./scripts/publish-functions.sh --trees-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholder_IsExplicit_OneSharedAsset_AndSaysSoInTheStack()
    {
        var synth = Synth.Default;
        var keys = synth.Stack.Functions.All
            .Select(f => synth.PropertiesOf(f).GetProperty("Code").GetProperty("S3Key").GetString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Single(keys);
        Assert.Contains("PLACEHOLDER", synth.Json.GetProperty("Description").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Functions", "Placeholder", "bootstrap")));
    }

    private static string StagedAsset(Synthesized synth, Amazon.CDK.AWS.Lambda.Function function)
    {
        var key = synth.PropertiesOf(function).GetProperty("Code").GetProperty("S3Key").GetString()!;
        return File.ReadAllText(Path.Combine(synth.Directory, "asset." + key));
    }

    [Fact]
    public void BundlesContext_RejectsAnUnknownSource()
    {
        var error = Synth.Fails((ContextKeys.Bundles, "zip"));
        Assert.Contains("'bundles'", error.Message, StringComparison.Ordinal);
        Assert.Contains("artifacts, placeholder", error.Message, StringComparison.Ordinal);
    }
}
