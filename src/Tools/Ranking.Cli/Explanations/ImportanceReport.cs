using System.Text;
using Ranking.Core.Explanations;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Stores.Models;

namespace Ranking.Cli.Explanations;

/// <summary>
/// A package's global feature importance, one row per feature sorted by gain (by splits when there is no gain): gain
/// and split counts from <c>lightgbm.txt</c> (split counts from the ONNX trees without it), and mean |SHAP| over the
/// holdout rows when the model has an explainer.
/// </summary>
internal sealed record ImportanceReport(
    string Name,
    string Version,
    IReadOnlyList<ImportanceRow> Rows,
    string? GainUnavailable,
    double? BaseValue,
    int HoldoutRows,
    string? ShapUnavailable)
{
    /// <exception cref="InvalidDataException">The package does not load (missing folder or file, checksum, not a tree ensemble).</exception>
    public static ImportanceReport Build(string packageDir)
    {
        var files = ModelDirectory.Read(packageDir);
        var manifest = files.Manifest;
        using var model = RankingModel.Create(manifest, files.Onnx, files.TrainerModel, files.Holdout);
        var width = model.Plan.Width;
        string? gainUnavailable = null;
        FeatureImportance importance;
        if (files.TrainerModel is { } trainerModel)
        {
            importance = FeatureImportance.FromTrainerModel(LightGbmModelText.Parse(Encoding.UTF8.GetString(trainerModel), manifest.TrainerModel!.File), width);
        }
        else
        {
            gainUnavailable = "the package has no lightgbm.txt; ONNX trees carry no gain";
            importance = FeatureImportance.FromOnnx(files.Onnx, manifest.Onnx.Input, manifest.Onnx.Output, width);
        }

        var explainer = model.GetExplainer(out var shapUnavailable);
        var holdout = files.Holdout is { } bytes && manifest.Holdout is { } file ? Holdout.Parse(bytes, file.File) : null;
        double[]? meanAbs = null;
        if (explainer is not null && holdout is null)
        {
            shapUnavailable = "the package has no holdout rows to average over";
        }
        else if (explainer is not null && holdout is not null)
        {
            meanAbs = MeanAbsoluteShap(explainer, holdout);
        }

        var rows = new List<ImportanceRow>(width);
        for (var f = 0; f < width; f++)
        {
            rows.Add(new ImportanceRow(model.Plan.Features[f].Name, importance.Gain?[f], importance.Splits[f], meanAbs?[f]));
        }

        rows.Sort((a, b) => b.Gain is { } gb && a.Gain is { } ga && ga != gb ? gb.CompareTo(ga) : b.Splits != a.Splits ? b.Splits.CompareTo(a.Splits) : string.CompareOrdinal(a.Feature, b.Feature));
        return new ImportanceReport(manifest.Name, manifest.Version, rows, gainUnavailable, explainer?.BaseValue, meanAbs is null ? 0 : holdout!.Rows, shapUnavailable);
    }

    private static double[] MeanAbsoluteShap(TreeExplainer explainer, Holdout holdout)
    {
        var width = explainer.FeatureCount;
        var contributions = new double[holdout.Rows * width];
        explainer.Explain(holdout.Features, holdout.Rows, contributions);
        var mean = new double[width];
        for (var i = 0; i < contributions.Length; i++)
        {
            mean[i % width] += Math.Abs(contributions[i]);
        }

        for (var f = 0; f < width; f++)
        {
            mean[f] /= holdout.Rows;
        }

        return mean;
    }
}

/// <param name="Gain">Total split gain, null without lightgbm.txt.</param>
/// <param name="MeanAbsShap">Mean |contribution| over the holdout rows, null without an explainer or holdout.</param>
internal sealed record ImportanceRow(string Feature, double? Gain, int Splits, double? MeanAbsShap);
