using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Testing.Loopback;

namespace Ranking.Core.Tests.Scoring;

/// <summary>The ONNX Runtime scorer on the committed sample feed model: the parity reference for every other scorer.</summary>
public sealed class OnnxScorerTests
{
    private static readonly string s_package = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");
    private static readonly ModelManifest s_manifest =
        JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(s_package, "manifest.json")), CoreJsonContext.Default.ModelManifest)!;
    private static readonly byte[] s_onnx = File.ReadAllBytes(Path.Combine(s_package, "model.onnx"));
    private static readonly Holdout s_holdout = Holdout.Parse(File.ReadAllBytes(Path.Combine(s_package, "holdout.jsonl")), "holdout.jsonl");

    private static OnnxScorer Load() => OnnxScorer.Load(s_onnx, s_manifest.Onnx.Input, s_manifest.Onnx.Output, s_manifest.Features.Count);

    [Fact]
    public void Score_TheHoldout_GivesTheTrainersScoresWithin1e5()
    {
        using var scorer = Load();
        var scores = new float[s_holdout.Rows];

        scorer.Score(s_holdout.Features, s_holdout.Rows, scores);

        Assert.Equal(s_manifest.Features.Count, scorer.FeatureCount);
        var worst = Enumerable.Range(0, s_holdout.Rows).Max(i => Math.Abs(scores[i] - s_holdout.TrainerScores[i]));
        Assert.True(worst <= 1e-5, $"max |onnx - trainer| = {worst}");
        Assert.True(scores.Distinct().Count() > 10, "a model that scores every row alike is not scoring");
    }

    [Fact]
    public void Score_WritesOnlyTheFirstRowsScores_AndLeavesTheRestOfTheCallersBuffer()
    {
        using var scorer = Load();
        var scores = Enumerable.Repeat(-42f, 8).ToArray();

        scorer.Score(s_holdout.Features.AsSpan(0, 3 * scorer.FeatureCount), 3, scores);

        Assert.All(scores[..3], s => Assert.NotEqual(-42f, s));
        Assert.All(scores[3..], s => Assert.Equal(-42f, s));
    }

    [Fact]
    public async Task Score_FromManyThreadsAtOnce_GivesEachCallerTheSameScores()
    {
        using var scorer = Load();
        var expected = new float[s_holdout.Rows];
        scorer.Score(s_holdout.Features, s_holdout.Rows, expected);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var scores = new float[s_holdout.Rows];
            for (var round = 0; round < 5; round++)
            {
                scorer.Score(s_holdout.Features, s_holdout.Rows, scores);
            }

            return scores;
        })));

        Assert.All(results, scores => Assert.Equal(expected, scores));
    }

    [Theory]
    [InlineData(0, 10, 10)]
    [InlineData(10, 9, 10)]
    [InlineData(10, 10, 9)]
    public void Score_WithBuffersThatDoNotFit_Throws(int rows, int matrixRows, int scoreRows)
    {
        using var scorer = Load();

        Assert.ThrowsAny<ArgumentException>(() => scorer.Score(new float[matrixRows * scorer.FeatureCount], rows, new float[scoreRows]));
    }

    [Fact]
    public void Load_BytesThatAreNotAModel_ThrowsInvalidData()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxScorer.Load("not a model"u8.ToArray(), "features", "score", 3));

        Assert.StartsWith("ONNX Runtime cannot load the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnInputTheModelDoesNotHave_ThrowsNamingTheOnesItHas()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxScorer.Load(s_onnx, "nope", s_manifest.Onnx.Output, s_manifest.Features.Count));

        Assert.Contains("no input 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains(s_manifest.Onnx.Input, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnOutputTheModelDoesNotHave_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxScorer.Load(s_onnx, s_manifest.Onnx.Input, "nope", s_manifest.Features.Count));

        Assert.Contains("no output 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AFeatureCountOtherThanTheModelsInput_ThrowsNamingBoth()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxScorer.Load(s_onnx, s_manifest.Onnx.Input, s_manifest.Onnx.Output, s_manifest.Features.Count + 1));

        Assert.Contains($"takes {s_manifest.Features.Count} features", error.Message, StringComparison.Ordinal);
        Assert.Contains($"declares {s_manifest.Features.Count + 1}", error.Message, StringComparison.Ordinal);
    }
}
