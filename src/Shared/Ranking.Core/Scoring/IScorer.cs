namespace Ranking.Core.Scoring;

/// <summary>
/// Scores a batch of rows with one model. Built once per model at load and shared by concurrent requests, so an
/// implementation keeps no per-call state between calls. Called once per batch (a request's candidates), never per row.
/// </summary>
public interface IScorer : IDisposable
{
    /// <summary>The row width: features per row, in the manifest's order.</summary>
    int FeatureCount { get; }

    /// <summary>
    /// Writes one score per row of <paramref name="matrix"/> (row-major, <c>rows x FeatureCount</c>) into the first
    /// <paramref name="rows"/> elements of <paramref name="scores"/>. Both buffers belong to the caller: the scorer
    /// reads and writes them only during the call and keeps no reference to either once it returns, so the caller may
    /// rent them from a pool and return them right after.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is smaller than <paramref name="rows"/> needs.</exception>
    void Score(ReadOnlySpan<float> matrix, int rows, Span<float> scores);
}
