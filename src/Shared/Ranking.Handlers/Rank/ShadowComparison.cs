using System.Buffers;
using Ranking.Core.Evaluation;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Rank;

/// <summary>
/// Scores a request's candidates with the live model and a challenger, each through its own feature plan, and
/// compares them: Spearman's rank correlation and the mean absolute score difference. Nothing here reaches the
/// response.
/// </summary>
internal static class ShadowComparison
{
    public static (double Correlation, double MeanAbsDifference) Compare(RankInput input, RankingModel live, RankingModel challenger)
    {
        var rows = input.Candidates.Length;
        var liveScores = Score(input, live);
        var challengerScores = Score(input, challenger);
        try
        {
            var difference = 0.0;
            for (var i = 0; i < rows; i++)
            {
                difference += Math.Abs(liveScores[i] - challengerScores[i]);
            }

            return (RankCorrelation.Spearman(liveScores.AsSpan(0, rows), challengerScores.AsSpan(0, rows)), difference / rows);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(liveScores);
            ArrayPool<float>.Shared.Return(challengerScores);
        }
    }

    private static float[] Score(RankInput input, RankingModel model)
    {
        var rows = input.Candidates.Length;
        var matrix = ArrayPool<float>.Shared.Rent(rows * model.Plan.Width);
        var scores = ArrayPool<float>.Shared.Rent(rows);
        try
        {
            model.Plan.Fill(input.Context, input.Candidates, input.Items, matrix);
            model.Scorer.Score(matrix.AsSpan(0, rows * model.Plan.Width), rows, scores);
            return scores;
        }
        catch
        {
            ArrayPool<float>.Shared.Return(scores);
            throw;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(matrix);
        }
    }
}
