namespace Ranking.Handlers.Monitoring;

/// <summary>One window's population stability index per feature (in the model's order) and for the scores.</summary>
public sealed record DriftReading(string ModelVersion, int Rows, double ScorePsi, IReadOnlyList<string> Features, double[] FeaturePsi);
