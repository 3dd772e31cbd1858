using Ranking.Core.Explanations;
using Ranking.Core.Ranking;
using Ranking.Core.Tests.Scoring.Trees;
using Ranking.Training.LightGbm;

namespace Ranking.Core.Tests.Explanations;

/// <summary>TreeSHAP on the ONNX trees: exact values on a hand-built tree, the sum property, and LightGBM's own values.</summary>
public sealed class TreeExplainerTests
{
    public static TheoryData<string> Packages => [.. ShippedPackage.All()];

    public static TheoryData<string, CoverSource> PackagesAndCovers()
    {
        var cases = new TheoryData<string, CoverSource>();
        foreach (var package in ShippedPackage.All())
        {
            cases.Add(package, CoverSource.TrainerModel);
            cases.Add(package, CoverSource.Holdout);
        }

        return cases;
    }

    /// <summary>Without the trainer's model the covers come from the holdout rows: other values, the same property.</summary>
    [Theory]
    [MemberData(nameof(PackagesAndCovers))]
    public void Explain_EveryHoldoutRow_BasePlusContributionsIsTheScore(string package, CoverSource covers)
    {
        var shipped = ShippedPackage.Read(package);
        var trainerModel = covers == CoverSource.TrainerModel ? shipped.TrainerModel : null;
        using var model = RankingModel.Create(shipped.Manifest, shipped.Onnx, trainerModel, shipped.HoldoutBytes);
        var explainer = model.GetExplainer(out var unavailable);

        Assert.True(explainer is not null, unavailable);
        Assert.Equal(covers, explainer.Covers);
        AssertSumsToScores(model, explainer, shipped.Holdout.Features, shipped.Holdout.Rows);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Explain_HoldoutRowsWithMissingValues_StillSumsToTheNativeScore(string package)
    {
        // NaN in a different third of the columns on each row: every NaN must take the side the scorer sends it to,
        // or the explained path's leaf is not the scored one and the sum misses by a leaf's difference.
        var shipped = ShippedPackage.Read(package);
        using var model = RankingModel.Create(shipped.Manifest, shipped.Onnx, shipped.TrainerModel, holdout: null);
        var rows = Math.Min(600, shipped.Holdout.Rows);
        var width = shipped.Holdout.Width;
        var matrix = shipped.Holdout.Features[..(rows * width)];
        for (var i = 0; i < matrix.Length; i++)
        {
            if ((i + (i / width)) % 3 == 0)
            {
                matrix[i] = float.NaN;
            }
        }

        AssertSumsToScores(model, model.GetExplainer(out _)!, matrix, rows);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Explain_HoldoutRows_AgreesWithLightGbmsPredContrib(string package)
    {
        var shipped = ShippedPackage.Read(package);
        using var model = RankingModel.Create(shipped.Manifest, shipped.Onnx, shipped.TrainerModel, holdout: null);
        var explainer = model.GetExplainer(out var unavailable)!;
        var rows = shipped.Holdout.Rows;
        var width = shipped.Holdout.Width;
        var ours = new double[rows * width];
        var theirs = new double[rows * (width + 1)];

        explainer.Explain(shipped.Holdout.Features, rows, ours);
        using (var booster = LightGbmBooster.Load(System.Text.Encoding.UTF8.GetString(shipped.TrainerModel)))
        {
            booster.PredictContributions(shipped.Holdout.Features, rows, width, theirs);
        }

        Assert.Null(unavailable);
        var worst = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var f = 0; f < width; f++)
            {
                worst = Math.Max(worst, Math.Abs(ours[(r * width) + f] - theirs[(r * (width + 1)) + f]));
            }

            Assert.Equal(theirs[(r * (width + 1)) + width], explainer.BaseValue, 1e-5);
        }

        Assert.True(worst <= 1e-5, $"max |ours - LightGBM's| is {worst}");
    }

    [Theory]
    [InlineData(1f, 1f, 12.5, 7.5)]
    [InlineData(0f, 1f, -12.5, 2.5)]
    [InlineData(1f, 0f, 7.5, -7.5)]
    [InlineData(0f, 0f, -7.5, -2.5)]
    public void Explain_HandBuiltTree_GivesTheShapleyValues(float x0, float x1, double phi0, double phi1)
    {
        // HandBuiltTrees.TwoFeatures, covers from the four corners: E[f] = 20. For (1, 1) the
        // path-dependent values are v({}) = 20, v({0}) = 30, v({1}) = 25, v({0, 1}) = 40, so phi0 = 12.5, phi1 = 7.5.
        var explainer = HandBuilt(missingTrue: false);
        var contributions = new double[2];

        explainer.Explain([x0, x1], 1, contributions);

        Assert.Equal(20, explainer.BaseValue, 12);
        Assert.Equal(phi0, contributions[0], 12);
        Assert.Equal(phi1, contributions[1], 12);
    }

    [Theory]
    [InlineData(true, -12.5, 2.5)]
    [InlineData(false, 12.5, 7.5)]
    public void Explain_NaN_FollowsTheSideTheScorerSendsItTo(bool missingTrue, double phi0, double phi1)
    {
        // NaN x0 with x1 = 1: to the true leaf (10) when missing tracks true, as (0, 1) does; else as (1, 1).
        var explainer = HandBuilt(missingTrue);
        var contributions = new double[2];

        explainer.Explain([float.NaN, 1f], 1, contributions);

        Assert.Equal(phi0, contributions[0], 12);
        Assert.Equal(phi1, contributions[1], 12);
    }

    [Fact]
    public void Explain_AFeatureSplitTwiceOnAPath_GivesItTheWholeDifference()
    {
        // HandBuiltTrees.SplitTwiceOnOneFeature over rows x0 = 0, 0.3, 1, 1: E[f] = (1 + 2 + 3 + 3) / 4. Only x0
        // matters, so it takes all of f(x) - E[f] and x1 nothing, whatever the repeated split's unwinding does.
        Assert.True(TreeExplainer.TryCreate(HandBuiltTrees.SplitTwiceOnOneFeature(), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 2, null, [0, 9, 0.3f, 9, 1, 9, 1, 9], out var explainer, out _));
        var contributions = new double[2];

        explainer.Explain([0.3f, 0], 1, contributions);

        Assert.Equal(2.25, explainer.BaseValue, 12);
        Assert.Equal(-0.25, contributions[0], 12);
        Assert.Equal(0, contributions[1]);
    }

    [Fact]
    public void TryCreate_WithNeitherTrainerModelNorRows_SaysCoversAreMissing()
    {
        var ok = TreeExplainer.TryCreate(HandBuiltTrees.TwoFeatures(false), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 2, null, [], out var explainer, out var reason);

        Assert.False(ok);
        Assert.Null(explainer);
        Assert.Contains("neither lightgbm.txt nor holdout rows", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AnotherModelsLightGbmText_IsRefusedNamingTheTree()
    {
        var feed = ShippedPackage.Read("feed-ltr/1");
        var search = ShippedPackage.Read("search-ltr/1");
        var other = LightGbmModelText.Parse(System.Text.Encoding.UTF8.GetString(search.TrainerModel), "lightgbm.txt");

        var ok = TreeExplainer.TryCreate(feed.Onnx, feed.Manifest.Onnx.Input, feed.Manifest.Onnx.Output, feed.Holdout.Width, other, [], out _, out var reason);

        Assert.False(ok);
        Assert.Contains("lightgbm.txt", reason, StringComparison.Ordinal);
    }

    private static void AssertSumsToScores(RankingModel model, TreeExplainer explainer, float[] matrix, int rows)
    {
        var width = explainer.FeatureCount;
        var scores = new float[rows];
        var contributions = new double[rows * width];
        model.Scorer.Score(matrix, rows, scores);

        explainer.Explain(matrix, rows, contributions);

        for (var r = 0; r < rows; r++)
        {
            var total = explainer.BaseValue;
            for (var f = 0; f < width; f++)
            {
                total += contributions[(r * width) + f];
            }

            var tolerance = 1e-4 * Math.Max(1, Math.Abs(scores[r]));
            Assert.True(Math.Abs(total - scores[r]) <= tolerance, $"row {r}: base + contributions = {total}, the score is {scores[r]}");
        }
    }

    private static TreeExplainer HandBuilt(bool missingTrue)
    {
        Assert.True(TreeExplainer.TryCreate(
            HandBuiltTrees.TwoFeatures(missingTrue), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 2, null, [0, 0, 0, 1, 1, 0, 1, 1], out var explainer, out var reason), reason);
        return explainer;
    }
}
