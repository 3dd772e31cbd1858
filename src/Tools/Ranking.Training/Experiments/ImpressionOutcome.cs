namespace Ranking.Training.Experiments;

/// <summary>One impression of an experiment and what its user did, as <c>sql/experiment-impressions.sql</c> returns it.</summary>
/// <param name="Unit">The user id, else <c>session:{id}</c>, else <c>impression:{id}</c> for an anonymous request: what the bootstrap resamples.</param>
/// <param name="ClickedAtK">Whether an item at a position up to k was clicked.</param>
/// <param name="Dcg10">Sum over clicked items at positions up to 10 of 1 / log2(position + 1).</param>
/// <param name="Winner">Under interleaving, the team whose items drew more clicks; null on a tie or without a click.</param>
public sealed record ImpressionOutcome(
    string ImpressionId, DateOnly Day, string Unit, string Variant, string Mode, string? ModelVersion, int Shown, int Clicks, bool ClickedAtK, double Dcg10, int Purchases, string? Winner)
{
    /// <summary>NDCG@10 with every clicked item as relevant (gain 1), or null without a click (no ideal ranking to compare with).</summary>
    public double? Ndcg10
    {
        get
        {
            if (Clicks == 0)
            {
                return null;
            }

            var ideal = 0.0;
            for (var i = 1; i <= Math.Min(Clicks, 10); i++)
            {
                ideal += 1 / Math.Log2(i + 1);
            }

            return Dcg10 / ideal;
        }
    }
}
