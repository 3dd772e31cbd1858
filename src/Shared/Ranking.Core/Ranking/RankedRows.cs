namespace Ranking.Core.Ranking;

/// <summary>
/// The feature values each ranked item was scored with, best first: <c>this[r]</c> belongs to <c>result.Items[r]</c>.
/// A view over the ranker's pooled matrix, valid only during <see cref="IRankingObserver.Observe"/>: the ranker
/// returns the matrix to its pool right after, so a caller that needs the values later copies them.
/// Empty rows (width 0) when no model filled the matrix.
/// </summary>
public readonly ref struct RankedRows
{
    private readonly ReadOnlySpan<float> _matrix;
    private readonly ReadOnlySpan<int> _rows;

    /// <param name="rows">Each ranked item's row in <paramref name="matrix"/>, best first.</param>
    internal RankedRows(ReadOnlySpan<float> matrix, int width, ReadOnlySpan<int> rows)
    {
        _matrix = matrix;
        _rows = rows;
        Width = width;
    }

    public int Width { get; }

    public int Count => _rows.Length;

    public ReadOnlySpan<float> this[int rank] => _matrix.Slice(_rows[rank] * Width, Width);
}
