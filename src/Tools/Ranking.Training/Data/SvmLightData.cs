namespace Ranking.Training.Data;

/// <summary>What <see cref="SvmLightReader"/> read: the dataset, and what it had to leave out.</summary>
/// <param name="Dataset">Columns <c>f1..fN</c>; feature id k is column k - 1.</param>
/// <param name="IgnoredValues">Values whose feature id exceeded the requested feature count.</param>
public sealed record SvmLightData(RankingDataset Dataset, int IgnoredValues);
