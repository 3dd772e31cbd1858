namespace Ranking.Cli.Bench;

/// <summary>
/// One scorer as the benchmark calls it: <see cref="Core.Scoring.IScorer.Score"/> and
/// <see cref="Training.LightGbm.LightGbmPredictor.Predict"/> both have this shape.
/// </summary>
internal delegate void ScoreBatch(ReadOnlySpan<float> matrix, int rows, Span<float> scores);
