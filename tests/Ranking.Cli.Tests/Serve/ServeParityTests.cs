using Ranking.Core.Scoring.Trees;

namespace Ranking.Cli.Tests.Serve;

/// <summary>serve has ONNX Runtime, so loading a tree model compares the native scorer with it on the holdout, and says by how much they differ.</summary>
public sealed class ServeParityTests
{
    [Fact]
    public async Task Start_WithTheSampleTreeModels_ServesThemNatively_LoggingTheirMaxDiffFromOnnxRuntime()
    {
        var models = RepoPaths.CopyModels();
        var output = new StringWriter();
        try
        {
            await using (var server = await ServerFixture.StartAsync(models, output: output))
            {
                Assert.All(server.Server.Catalog.Surfaces, s => Assert.IsType<TreeEnsembleScorer>(s.Model!.Scorer));
            }

            var passed = output.ToString().Split('\n').Single(l => l.Contains("feed-ltr 1 passed the gates", StringComparison.Ordinal));
            Assert.Contains("and 0 (<= 1e-6) of ONNX Runtime (native scorer) on ", passed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }
}
