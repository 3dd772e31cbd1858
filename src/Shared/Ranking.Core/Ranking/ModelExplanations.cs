using System.Security.Cryptography;
using System.Text;
using Ranking.Core.Explanations;
using Ranking.Core.Models;

namespace Ranking.Core.Ranking;

/// <summary>A model's explainer, or why it has none: what <see cref="RankingModel.GetExplainer"/> builds once.</summary>
internal sealed record ModelExplanations(TreeExplainer? Explainer, string? Unavailable)
{
    /// <summary>
    /// Covers from the trainer's <c>lightgbm.txt</c> when its checksum and trees match the ONNX model (the counts of
    /// the rows the trees were grown on, which is also what LightGBM's own <c>pred_contrib</c> uses), else from the
    /// holdout rows. Never throws: a package whose extras are broken still ranks, it only explains less.
    /// </summary>
    public static ModelExplanations Build(ModelManifest manifest, int width, byte[] onnx, byte[]? trainerModel, byte[]? holdout)
    {
        string? trainerProblem = null;
        LightGbmModelText? lightGbm = null;
        if (trainerModel is not null && manifest.TrainerModel is { } trainerFile)
        {
            try
            {
                lightGbm = trainerFile.Sha256 is { } sha256 && !string.Equals(Convert.ToHexStringLower(SHA256.HashData(trainerModel)), sha256, StringComparison.OrdinalIgnoreCase)
                    ? throw new InvalidDataException($"{trainerFile.File} does not match the manifest's sha256")
                    : LightGbmModelText.Parse(Encoding.UTF8.GetString(trainerModel), trainerFile.File);
            }
            catch (InvalidDataException e)
            {
                trainerProblem = e.Message;
            }
        }

        float[] rows = [];
        if (holdout is not null && manifest.Holdout is { } holdoutFile)
        {
            try
            {
                rows = Holdout.Parse(holdout, holdoutFile.File) is { } parsed && parsed.Width == width ? parsed.Features : [];
            }
            catch (InvalidDataException)
            {
                // The validation gates report a bad holdout; here it only means no covers from it.
            }
        }

        try
        {
            return TreeExplainer.TryCreate(onnx, manifest.Onnx.Input, manifest.Onnx.Output, width, lightGbm, rows, out var explainer, out var reason)
                ? new ModelExplanations(explainer, null)
                : new ModelExplanations(null, trainerProblem is null ? reason : $"{reason} ({trainerProblem})");
        }
        catch (InvalidDataException e)
        {
            return new ModelExplanations(null, e.Message);
        }
    }
}
