using System.Globalization;

namespace Ranking.Core.Evaluation;

/// <summary>Offline ranking metrics averaged over queries.</summary>
public sealed record RankingMetrics(int Queries, double Ndcg1, double Ndcg3, double Ndcg5, double Ndcg10, double Map, double Mrr)
{
    /// <summary>The metric keys used in manifests and in <c>ranking evaluate --json</c>, in display order.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["ndcg@1", "ndcg@3", "ndcg@5", "ndcg@10", "map", "mrr"];

    public double this[string key] => key switch
    {
        "ndcg@1" => Ndcg1,
        "ndcg@3" => Ndcg3,
        "ndcg@5" => Ndcg5,
        "ndcg@10" => Ndcg10,
        "map" => Map,
        "mrr" => Mrr,
        _ => throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Unknown metric '{key}'.")),
    };

    /// <summary>The metrics keyed like <see cref="Keys"/> (without the query count).</summary>
    public Dictionary<string, double> ToDictionary()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            result[key] = this[key];
        }

        return result;
    }
}
