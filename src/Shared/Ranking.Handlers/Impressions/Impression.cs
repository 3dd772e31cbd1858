using Ranking.Core.Ranking;

namespace Ranking.Handlers.Impressions;

/// <summary>
/// One sampled response: its request side, then, once the ranker reports it, the ranking and a copy of the logged
/// rows' feature values. The copy is all the request pays; the record is serialised later by
/// <see cref="ImpressionLog.WritePending"/>.
/// </summary>
internal sealed class Impression(ImpressionLog log) : IRankingObserver, IImpressionContent
{
    private float[]? _values;
    private bool _captured;

    public required ImpressionHeader Header { get; init; }
    public RankingModel? FilledBy { get; init; }

    /// <summary>
    /// Captured but not queued until <see cref="ImpressionLog.Commit"/>: for a ranking that may still not be shown
    /// (a feed re-rank whose conditional write can lose).
    /// </summary>
    public bool Held { get; init; }

    public RankResult Result { get; private set; } = null!;

    /// <summary>Values per logged row (feature count; 0 when no model filled the matrix).</summary>
    public int Width { get; private set; }

    /// <summary>The logged rows: the best <see cref="ImpressionLogOptions.Top"/> returned positions.</summary>
    public int Count { get; private set; }

    /// <summary>Row <c>r</c> (position <c>r + 1</c>) of the captured values.</summary>
    public ReadOnlySpan<float> Row(int r) => _values.AsSpan(r * Width, Width);

    /// <summary>The model that scored, else the one whose plan filled the values (a fallback after features).</summary>
    public string? ModelName => (Result.Model ?? FilledBy)?.Name;
    public string? ModelVersion => (Result.Model ?? FilledBy)?.Version;
    public string? Fallback => Result.Fallback;
    public int FeatureCount => Width > 0 && FilledBy is { } filledBy ? filledBy.Plan.Features.Count : 0;

    public string FeatureName(int column) => FilledBy!.Plan.Features[column].Name;

    public string ItemId(int r) => Result.Items[r].ItemId;

    public float Score(int r) => Result.Items[r].Score;

    public string? Team(int r) => Result.Items[r].Team;

    public void Observe(RankResult result, RankedRows rows)
    {
        if (!log.Reserve())
        {
            return;
        }

        Result = result;
        Width = rows.Width;
        Count = Math.Min(rows.Count, log.Top);
        _values = log.Values.Rent(Math.Max(1, Count * Width));
        for (var r = 0; r < Count; r++)
        {
            rows[r].CopyTo(_values.AsSpan(r * Width, Width));
        }

        _captured = true;
        if (!Held)
        {
            log.Enqueue(this);
        }
    }

    /// <summary>Whether <see cref="Observe"/> captured the ranking (false when the backlog was full).</summary>
    public bool Captured => _captured;

    /// <summary>Gives the copied values back to the pool once the record is written (or dropped).</summary>
    public void Release()
    {
        if (_values is { } values)
        {
            _values = null;
            log.Values.Return(values);
        }
    }
}
