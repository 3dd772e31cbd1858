namespace Ranking.Handlers.Impressions;

/// <summary>
/// An impression record assembled outside a ranked response (a simulator's logs, a replay), written exactly as
/// <c>serve</c> writes the responses it logs (DESIGN.md, "Impression record"): same fields, order and number format.
/// </summary>
public sealed class ImpressionRecord : IImpressionContent
{
    private static readonly ImpressionLogOptions s_defaults = new();

    public required ImpressionHeader Header { get; init; }

    /// <summary>The ranker that produced the shown order; null writes <c>"model": null</c>.</summary>
    public string? ModelName { get; init; }
    public string? ModelVersion { get; init; }

    /// <summary>A <see cref="Core.Ranking.FallbackReason"/>, or null.</summary>
    public string? Fallback { get; init; }

    /// <summary>The names of each item's <see cref="ImpressionRecordItem.Values"/>, in column order.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The shown items, best first: item <c>r</c> is logged at position <c>r + 1</c>.</summary>
    public required IReadOnlyList<ImpressionRecordItem> Items { get; init; }

    int IImpressionContent.FeatureCount => Features.Count;

    int IImpressionContent.Count => Items.Count;

    /// <summary>Hands the record to <paramref name="sink"/>, split into parts as <paramref name="options"/> say (default: 200 KB).</summary>
    /// <exception cref="ArgumentException">An item's values do not match <see cref="Features"/>.</exception>
    public void WriteTo(IRecordSink sink, ImpressionLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        for (var r = 0; r < Items.Count; r++)
        {
            if (Items[r].Values.Length != Features.Count)
            {
                throw new ArgumentException($"items[{r}] ('{Items[r].ItemId}') has {Items[r].Values.Length} values for {Features.Count} features.", nameof(Items));
            }
        }

        ImpressionRecordWriter.Write(this, options ?? s_defaults, sink);
    }

    string IImpressionContent.FeatureName(int column) => Features[column];

    string IImpressionContent.ItemId(int r) => Items[r].ItemId;

    float IImpressionContent.Score(int r) => Items[r].Score;

    string? IImpressionContent.Team(int r) => Items[r].Team;

    ReadOnlySpan<float> IImpressionContent.Row(int r) => Items[r].Values;
}
