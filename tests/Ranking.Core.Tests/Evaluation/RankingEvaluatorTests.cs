using FsCheck.Xunit;
using Ranking.Core.Evaluation;

namespace Ranking.Core.Tests.Evaluation;

public sealed class RankingEvaluatorTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Evaluate_PerfectOrder_ScoresOneEverywhere()
    {
        // Ranked labels 2,1,0 are already the ideal order: DCG == IDCG at every k.
        // AP = (1/1 + 2/2) / 2 = 1; the first relevant item is at rank 1, so RR = 1.
        var result = RankingEvaluator.Evaluate([0f, 1f, 2f], [0.1f, 0.2f, 0.3f], [3]);

        Assert.Equal(1, result.Queries);
        Assert.Equal(1, result.Ndcg1, Tolerance);
        Assert.Equal(1, result.Ndcg3, Tolerance);
        Assert.Equal(1, result.Ndcg10, Tolerance);
        Assert.Equal(1, result.Map, Tolerance);
        Assert.Equal(1, result.Mrr, Tolerance);
    }

    [Fact]
    public void Evaluate_ImperfectOrder_MatchesHandComputedValues()
    {
        // Scores order the rows 1, 2, 0, so the ranked labels are 0, 1, 2.
        // DCG@1 = 0                                   -> NDCG@1 = 0
        // DCG@3 = 0/log2(2) + 1/log2(3) + 3/log2(4) = 0.6309298 + 1.5 = 2.1309298
        // IDCG@3 (labels 2,1,0) = 3/1 + 1/log2(3) + 0 = 3.6309298 -> NDCG@3 = 0.5868830
        // NDCG@5 and @10 equal NDCG@3 (only 3 rows).
        // AP: relevant at ranks 2 and 3 -> (1/2 + 2/3) / 2 = 0.5833333; RR = 1/2.
        var result = RankingEvaluator.Evaluate([2f, 0f, 1f], [0.1f, 0.5f, 0.3f], [3]);

        var ndcg3 = (1 / Math.Log2(3) + 1.5) / (3 + 1 / Math.Log2(3));
        Assert.Equal(0, result.Ndcg1, Tolerance);
        Assert.Equal(0.5868830, result.Ndcg3, 6);
        Assert.Equal(ndcg3, result.Ndcg3, Tolerance);
        Assert.Equal(ndcg3, result.Ndcg5, Tolerance);
        Assert.Equal(ndcg3, result.Ndcg10, Tolerance);
        Assert.Equal(7.0 / 12, result.Map, Tolerance);
        Assert.Equal(0.5, result.Mrr, Tolerance);
    }

    [Fact]
    public void Ndcg_AtCutoffBelowRowCount_IgnoresRowsAfterK()
    {
        // Ranked labels 1, 0, 3 (scores 3, 2, 1). DCG@2 = 1/1 + 0 = 1.
        // IDCG@2 (labels 3, 1) = 7/1 + 1/log2(3) = 7.6309298 -> NDCG@2 = 0.1310457.
        var ndcg = RankingEvaluator.Ndcg([1f, 0f, 3f], [3f, 2f, 1f], 2);

        Assert.Equal(1 / (7 + 1 / Math.Log2(3)), ndcg, Tolerance);
    }

    [Fact]
    public void Evaluate_TiedScores_KeepOriginalOrder()
    {
        // Equal scores: row 0 (label 0) ranks before row 1 (label 1).
        // NDCG@1 = 0; RR = 1/2; AP = (1/2) / 1 = 0.5.
        var result = RankingEvaluator.Evaluate([0f, 1f], [1f, 1f], [2]);

        Assert.Equal(0, result.Ndcg1, Tolerance);
        Assert.Equal(0.5, result.Mrr, Tolerance);
        Assert.Equal(0.5, result.Map, Tolerance);
    }

    [Theory]
    // Query A = the imperfect case above (NDCG@1 0, RR 0.5); query B has labels 0, 0 (no relevant item).
    // ScoreOne: B counts 1 -> NDCG@1 (0 + 1) / 2 = 0.5, MRR (0.5 + 1) / 2 = 0.75, 2 queries.
    [InlineData(NoRelevantPolicy.ScoreOne, 2, 0.5, 0.75)]
    // ScoreZero: B counts 0 -> NDCG@1 0 / 2 = 0, MRR 0.5 / 2 = 0.25, 2 queries.
    [InlineData(NoRelevantPolicy.ScoreZero, 2, 0.0, 0.25)]
    // Exclude: only A counts -> NDCG@1 0, MRR 0.5, 1 query.
    [InlineData(NoRelevantPolicy.Exclude, 1, 0.0, 0.5)]
    public void Evaluate_QueryWithoutRelevantItem_FollowsPolicy(NoRelevantPolicy policy, int queries, double ndcg1, double mrr)
    {
        var result = RankingEvaluator.Evaluate([2f, 0f, 1f, 0f, 0f], [0.1f, 0.5f, 0.3f, 0.2f, 0.9f], [3, 2], policy);

        Assert.Equal(queries, result.Queries);
        Assert.Equal(ndcg1, result.Ndcg1, Tolerance);
        Assert.Equal(mrr, result.Mrr, Tolerance);
    }

    [Fact]
    public void Evaluate_DefaultPolicy_IsLightGbms()
    {
        var result = RankingEvaluator.Evaluate([0f, 0f], [1f, 2f], [2]);

        Assert.Equal(1, result.Ndcg10, Tolerance);
        Assert.Equal(1, result.Map, Tolerance);
    }

    [Fact]
    public void Evaluate_GroupSizesNotMatchingRows_Throws()
    {
        Assert.Throws<ArgumentException>(() => RankingEvaluator.Evaluate([0f, 1f, 2f], [1f, 2f, 3f], [2]));
    }

    [Fact]
    public void ToDictionary_UsesManifestKeys()
    {
        var metrics = new RankingMetrics(3, 0.1, 0.3, 0.5, 0.10, 0.7, 0.9);

        var keyed = metrics.ToDictionary();

        Assert.Equal(["ndcg@1", "ndcg@3", "ndcg@5", "ndcg@10", "map", "mrr"], keyed.Keys);
        Assert.Equal(0.3, keyed["ndcg@3"]);
        Assert.Equal(0.9, keyed["mrr"]);
    }

    [Fact]
    public void Evaluate_ManyQueries_AllocatesNoMoreThanFewQueries()
    {
        // Per-query work borrows one pooled buffer, so 2,000 queries allocate what 2 do: the result object only.
        var (fewLabels, fewScores, fewGroups) = Grouped(2);
        var (manyLabels, manyScores, manyGroups) = Grouped(2000);
        RankingEvaluator.Evaluate(manyLabels, manyScores, manyGroups);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RankingEvaluator.Evaluate(fewLabels, fewScores, fewGroups);
        var few = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        RankingEvaluator.Evaluate(manyLabels, manyScores, manyGroups);
        var many = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(few, many);
        Assert.True(many < 256, $"{many} bytes");
    }

    [Property]
    public bool Ndcg_IsBetweenZeroAndOne(byte[] rawLabels, int seed)
    {
        var labels = rawLabels.Select(b => (float)(b % 5)).ToArray();
        var random = new Random(seed);
        var scores = labels.Select(_ => (float)random.NextDouble()).ToArray();
        if (labels.Length == 0)
        {
            return true;
        }

        var ndcg = RankingEvaluator.Ndcg(labels, scores, 10);
        return ndcg is >= 0 and <= 1 + Tolerance;
    }

    [Property]
    public bool Ndcg_ScoringByLabel_IsOne(byte[] rawLabels)
    {
        var labels = rawLabels.Select(b => (float)(b % 5)).ToArray();
        if (labels.Length == 0)
        {
            return true;
        }

        return Math.Abs(RankingEvaluator.Ndcg(labels, labels, 5) - 1) < Tolerance;
    }

    private static (float[] Labels, float[] Scores, int[] Groups) Grouped(int queries)
    {
        const int Size = 20;
        var labels = new float[queries * Size];
        var scores = new float[queries * Size];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = i * 7 % 5;
            scores[i] = i * 13 % 17;
        }

        return (labels, scores, Enumerable.Repeat(Size, queries).ToArray());
    }
}
