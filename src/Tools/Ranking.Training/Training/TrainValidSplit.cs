using Ranking.Training.Data;

namespace Ranking.Training.Training;

/// <summary>A training set and the validation set its early stopping and scoring use.</summary>
public sealed record TrainValidSplit(RankingDataset Train, RankingDataset Valid);
