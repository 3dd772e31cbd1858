namespace Ranking.Core.Ranking;

/// <summary>
/// Sees a finished ranking while the ranker still holds the feature matrix it scored, so an impression log can
/// write the exact values without the ranker copying a row per item. Called once per ranking, on the ranking's
/// thread, before the result is returned; it must not throw (an implementation counts its own failures).
/// </summary>
public interface IRankingObserver
{
    void Observe(RankResult result, RankedRows rows);
}
