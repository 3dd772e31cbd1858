using System.Buffers;
using System.Diagnostics;
using Ranking.Core.Explanations;

namespace Ranking.Core.Ranking;

/// <summary>
/// A ranking that was asked to explain: the model's explainer (built on the model's first explained request) and the
/// scores before boosts, which the contributions add up to. Owns the pooled copy of the scores until disposed.
/// </summary>
internal sealed class Explaining : IDisposable
{
    private Explaining(TreeExplainer? explainer, float[]? modelScores, RankExplanation summary, TimeSpan building)
    {
        Explainer = explainer;
        ModelScores = modelScores;
        Summary = summary;
        Elapsed = building;
    }

    public TreeExplainer? Explainer { get; }

    /// <summary>Each kept candidate's model score, by position among the kept candidates; null without an explainer.</summary>
    public float[]? ModelScores { get; }

    public RankExplanation Summary { get; }

    /// <summary>Time spent getting the explainer and in <see cref="Explain"/> so far, reported apart from the rules.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>One row's contributions; needs <see cref="Explainer"/>.</summary>
    public double[] Explain(ReadOnlySpan<float> row)
    {
        var started = Stopwatch.GetTimestamp();
        var contributions = new double[row.Length];
        Explainer!.Explain(row, 1, contributions);
        Elapsed += Stopwatch.GetElapsedTime(started);
        return contributions;
    }

    /// <summary>Null when no model scored (a fallback ranks in input order: there is nothing to explain).</summary>
    public static Explaining? Start(RankingModel? model, string? fallback, float[] scores, int count)
    {
        if (model is null || fallback is not null)
        {
            return null;
        }

        // The model's first explained request builds the explainer here: its time counts as explaining.
        var started = Stopwatch.GetTimestamp();
        var explainer = model.GetExplainer(out var unavailable);
        var building = Stopwatch.GetElapsedTime(started);
        if (explainer is null)
        {
            return new Explaining(null, null, new RankExplanation(null, unavailable), building);
        }

        var modelScores = ArrayPool<float>.Shared.Rent(Math.Max(1, count));
        scores.AsSpan(0, count).CopyTo(modelScores);
        return new Explaining(explainer, modelScores, new RankExplanation(explainer.BaseValue, null), building);
    }

    public void Dispose()
    {
        if (ModelScores is not null)
        {
            ArrayPool<float>.Shared.Return(ModelScores);
        }
    }
}
