using System.Text.Json;
using Ranking.Core.Evaluation;

namespace Ranking.Training.Packaging;

/// <summary>The <c>holdout</c> object of a training summary, one shape for <c>ranking train --json</c> and the Train function's answer.</summary>
public static class HoldoutJson
{
    public static void Write(Utf8JsonWriter writer, int rows, RankingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metrics);
        writer.WriteStartObject("holdout");
        writer.WriteNumber("rows", rows);
        writer.WriteNumber("queries", metrics.Queries);
        foreach (var key in RankingMetrics.Keys)
        {
            writer.WriteNumber(key, metrics[key]);
        }

        writer.WriteEndObject();
    }
}
