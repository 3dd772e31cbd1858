using Ranking.Core.Data;
using Ranking.Core.Ranking;
using Ranking.Handlers.Metrics;

namespace Ranking.Handlers.Impressions;

/// <summary>
/// Logs ranked responses as impression records (DESIGN.md, "Impression record"): decides per response whether it
/// is sampled, and writes the record while the ranker still holds the feature values it scored. A record that
/// cannot be written is counted and dropped: logging never fails or changes a response.
/// </summary>
/// <param name="randomizer">Draws a value in [0, 1) per response of a surface sampled below 1; tests pin it.</param>
public sealed class ImpressionLog(IRecordSink sink, ImpressionLogOptions options, Func<double> randomizer, IRankingMetrics metrics)
{
    /// <summary>
    /// An observer to hand to <see cref="Ranker.Rank"/> for this response, or null when the draw leaves it out.
    /// </summary>
    /// <param name="impressionId">The response's <c>requestId</c>, which feedback events refer to.</param>
    /// <param name="model">The model whose plan filled the feature values (the surface's, also on a fallback after features).</param>
    public IRankingObserver? Start(
        string impressionId, DateTimeOffset time, string surface, string? userId, string? query, IReadOnlyDictionary<string, ContextValue>? context, RankingModel? model)
    {
        var share = options.SampleOf(surface);
        if (share <= 0 || (share < 1 && randomizer() >= share))
        {
            return null;
        }

        return new Impression(this)
        {
            ImpressionId = impressionId,
            Time = time,
            Surface = surface,
            UserId = userId,
            Query = query,
            Context = context,
            FilledBy = model,
        };
    }

    internal void Write(Impression impression, RankResult result, RankedRows rows)
    {
        try
        {
            ImpressionRecordWriter.Write(impression, result, rows, options, sink);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            metrics.RecordLogFailed(RecordLogs.Impressions);
        }
    }
}
