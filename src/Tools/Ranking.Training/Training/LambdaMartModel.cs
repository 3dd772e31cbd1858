namespace Ranking.Training.Training;

/// <summary>A trained model, cut at its best iteration.</summary>
/// <param name="ModelString">LightGBM's text format, holding <paramref name="BestIteration"/> trees.</param>
/// <param name="BestIteration">1-based iteration with the best validation NDCG@10.</param>
/// <param name="IterationsRun">Iterations trained before stopping.</param>
/// <param name="BestValidNdcg">LightGBM's validation NDCG at 1, 3, 5, 10 for the best iteration.</param>
/// <param name="Options">The hyper-parameters it was trained with.</param>
public sealed record LambdaMartModel(
    string ModelString, int FeatureCount, int BestIteration, int IterationsRun, IReadOnlyList<double> BestValidNdcg, LambdaMartOptions Options);
