using System.Text.Json;

namespace Ranking.Training.Data;

/// <summary>
/// What a user truly wanted, where the data knows it: the sample's <c>truth/truth.jsonl</c> gives each shown item's
/// probability of a click once examined, the relevance that position bias hides in the clicks. Evaluating against it
/// says whether a model learned relevance or learned the old ranking's order.
/// </summary>
public static class TruthRelevance
{
    /// <summary>P(click | examined) per (impressionId, position).</summary>
    /// <param name="path">A truth file, or a folder holding <c>truth.jsonl</c>.</param>
    /// <exception cref="InvalidDataException">The file is missing or a line lacks a field; the message says which line.</exception>
    public static Dictionary<(string ImpressionId, int Position), float> Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "truth.jsonl") : path;
        if (!File.Exists(file))
        {
            throw new InvalidDataException($"{file}: no such truth file (generate-sample writes truth/truth.jsonl).");
        }

        var relevance = new Dictionary<(string, int), float>();
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                relevance[(root.GetProperty("impressionId").GetString()!, root.GetProperty("position").GetInt32())] =
                    (float)root.GetProperty("clickGivenExamined").GetDouble();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{file}:{number}: not a truth line (impressionId, position, clickGivenExamined): {e.Message}", e);
            }
        }

        return relevance;
    }

    /// <summary>The true relevance of each row of <paramref name="data"/>, which must come from logged impressions.</summary>
    /// <exception cref="InvalidDataException">A row has no truth; the message names the first.</exception>
    public static float[] Of(RankingDataset data, IReadOnlyDictionary<(string ImpressionId, int Position), float> truth)
    {
        var positions = data.Positions ?? throw new InvalidDataException("Truth is matched by impression and position: evaluate logged data (--format logged).");
        var labels = new float[data.RowCount];
        var row = 0;
        for (var q = 0; q < data.QueryCount; q++)
        {
            for (var i = 0; i < data.GroupSizes[q]; i++, row++)
            {
                labels[row] = truth.TryGetValue((data.QueryIds[q], positions[row]), out var relevance)
                    ? relevance
                    : throw new InvalidDataException($"The truth has no row for impression '{data.QueryIds[q]}' position {positions[row]}: it is not the truth of these logs.");
            }
        }

        return labels;
    }
}
