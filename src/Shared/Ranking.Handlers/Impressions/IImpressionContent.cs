namespace Ranking.Handlers.Impressions;

/// <summary>
/// What <see cref="ImpressionRecordWriter"/> reads: a response captured on the request path (<see cref="Impression"/>)
/// or a record assembled outside the ranker (<see cref="ImpressionRecord"/>). One writer for both, so a simulated log
/// cannot drift from what <c>serve</c> writes.
/// </summary>
internal interface IImpressionContent
{
    ImpressionHeader Header { get; }

    /// <summary>The model named in the record, or null (<c>"model": null</c>).</summary>
    string? ModelName { get; }
    string? ModelVersion { get; }
    string? Fallback { get; }

    /// <summary>The names of <see cref="Row"/>'s columns; 0 when the record carries no values.</summary>
    int FeatureCount { get; }
    string FeatureName(int column);

    /// <summary>The logged items, best first: item <c>r</c> is at position <c>r + 1</c>.</summary>
    int Count { get; }
    string ItemId(int r);
    float Score(int r);

    /// <summary>Under interleaving, the team that placed item <c>r</c>; else null (no <c>team</c> field).</summary>
    string? Team(int r);
    ReadOnlySpan<float> Row(int r);
}
