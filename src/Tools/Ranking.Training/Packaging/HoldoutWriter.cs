using System.Text.Json;
using Ranking.Training.Data;

namespace Ranking.Training.Packaging;

/// <summary>Writes <c>holdout.jsonl</c>: one <c>{"qid","label","features","score"}</c> object per row, the score being the trainer's.</summary>
internal static class HoldoutWriter
{
    public static byte[] Write(RankingDataset holdout, ReadOnlySpan<float> scores)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            var row = 0;
            for (var query = 0; query < holdout.QueryCount; query++)
            {
                for (var i = 0; i < holdout.GroupSizes[query]; i++, row++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("qid", holdout.QueryIds[query]);
                    writer.WriteNumber("label", holdout.Labels[row]);
                    writer.WriteStartArray("features");
                    foreach (var value in holdout.Features.AsSpan(row * holdout.FeatureCount, holdout.FeatureCount))
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                    writer.WriteNumber("score", scores[row]);
                    writer.WriteEndObject();
                    writer.Flush();
                    stream.WriteByte((byte)'\n');
                    writer.Reset();
                }
            }
        }

        return stream.ToArray();
    }
}
