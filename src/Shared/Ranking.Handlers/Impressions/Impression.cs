using System.Buffers;
using Ranking.Core.Data;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Impressions;

/// <summary>
/// One sampled response: its request side, then, once the ranker reports it, the ranking and a copy of the logged
/// rows' feature values. The copy is all the request pays; the record is serialised later by
/// <see cref="ImpressionLog.WritePending"/>.
/// </summary>
internal sealed class Impression(ImpressionLog log) : IRankingObserver
{
    private float[]? _values;
    private bool _captured;

    public required string ImpressionId { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Surface { get; init; }
    public string? UserId { get; init; }
    public string? Query { get; init; }
    public IReadOnlyDictionary<string, ContextValue>? Context { get; init; }
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

    public void Observe(RankResult result, RankedRows rows)
    {
        if (!log.Reserve())
        {
            return;
        }

        Result = result;
        Width = rows.Width;
        Count = Math.Min(rows.Count, log.Top);
        _values = ArrayPool<float>.Shared.Rent(Math.Max(1, Count * Width));
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
            ArrayPool<float>.Shared.Return(values);
        }
    }
}
