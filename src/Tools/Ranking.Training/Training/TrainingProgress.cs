namespace Ranking.Training.Training;

/// <summary>Reported after each boosting iteration.</summary>
/// <param name="Iteration">1-based.</param>
/// <param name="MaxIterations">The configured tree count.</param>
/// <param name="ValidNdcg10">NDCG@10 on the validation set after this iteration.</param>
/// <param name="BestIteration">The best iteration so far.</param>
/// <param name="BestValidNdcg10">NDCG@10 of the best iteration.</param>
public readonly record struct TrainingProgress(int Iteration, int MaxIterations, double ValidNdcg10, int BestIteration, double BestValidNdcg10);
