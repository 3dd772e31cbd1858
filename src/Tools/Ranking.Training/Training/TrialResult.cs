namespace Ranking.Training.Training;

/// <summary>A setting's validation scores: per split, the best iteration's NDCG@10 and that iteration.</summary>
/// <param name="Trial">1-based, in the order the search ran it.</param>
public sealed record TrialResult(int Trial, TrialSetting Setting, LambdaMartOptions Options, IReadOnlyList<double> ValidNdcg10, IReadOnlyList<int> BestIterations, double Seconds)
{
    public double MeanNdcg10 => ValidNdcg10.Average();

    /// <summary>The sample standard deviation across splits; 0 for one split.</summary>
    public double StdDevNdcg10
    {
        get
        {
            if (ValidNdcg10.Count < 2)
            {
                return 0;
            }

            var mean = MeanNdcg10;
            return Math.Sqrt(ValidNdcg10.Sum(x => (x - mean) * (x - mean)) / (ValidNdcg10.Count - 1));
        }
    }
}
