using Ranking.Core.Ranking;

namespace Ranking.Handlers.Monitoring;

/// <summary>Two observers of one ranking (the impression log and the drift monitor), each seeing it in turn.</summary>
internal sealed class ObserverPair(IRankingObserver first, IRankingObserver second) : IRankingObserver
{
    public static IRankingObserver? Of(IRankingObserver? first, IRankingObserver? second) =>
        first is null ? second : second is null ? first : new ObserverPair(first, second);

    public void Observe(RankResult result, RankedRows rows)
    {
        first.Observe(result, rows);
        second.Observe(result, rows);
    }
}
