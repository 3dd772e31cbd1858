using Ranking.Training.Experiments;

namespace Ranking.Training.Tests.Experiments;

public sealed class ExperimentReportTests
{
    private static readonly DateOnly s_day = new(2026, 12, 2);

    /// <summary>Users each with 5 impressions; an impression is clicked (at position 1) with the variant's rate.</summary>
    private static List<ImpressionOutcome> AB(double controlRate, double treatmentRate, int usersPerVariant, int seed)
    {
        var random = new Random(seed);
        var outcomes = new List<ImpressionOutcome>();
        foreach (var (variant, rate) in new[] { ("control", controlRate), ("treatment", treatmentRate) })
        {
            for (var u = 0; u < usersPerVariant; u++)
            {
                for (var i = 0; i < 5; i++)
                {
                    var clicked = random.NextDouble() < rate;
                    outcomes.Add(new ImpressionOutcome($"{variant}-{u}-{i}", s_day.AddDays(i % 2), $"{variant}-u{u}", variant, "ab", "7", 20,
                        clicked ? 1 : 0, clicked, clicked ? 1 : 0, clicked && random.NextDouble() < 0.2 ? 1 : 0, null));
                }
            }
        }

        return outcomes;
    }

    [Fact]
    public void Build_WithAClearDifference_FindsItSignificant_AndTheIntervalsHoldTheValues()
    {
        var report = ExperimentReport.Build("x", AB(0.20, 0.30, 1000, 1), k: 10);

        var control = report.Variants.Single(v => v.Variant == "control");
        var treatment = report.Variants.Single(v => v.Variant == "treatment");
        Assert.Null(control.VersusControl);
        Assert.Equal((5000L, 1000L), (treatment.Impressions, treatment.Users));
        Assert.InRange(control.CtrAtK.Value, 0.18, 0.22);
        Assert.InRange(treatment.CtrAtK.Value, treatment.CtrAtK.Low, treatment.CtrAtK.High);
        var difference = treatment.VersusControl![ExperimentReport.CtrMetric];
        Assert.InRange(difference.Value, 0.07, 0.13);
        Assert.True(difference.Low > 0, $"interval [{difference.Low}, {difference.High}]");
        Assert.True(difference.PValue < 0.01, $"p = {difference.PValue}");
        Assert.Equal(1.0, treatment.Ndcg10.Value);
        Assert.Equal(4, report.Daily.Count);
    }

    [Fact]
    public void Build_WithoutADifference_IsNotSignificantMostOfTheTime()
    {
        // Under no difference the p-value is about uniform: at 5% about 1 in 20 runs is a false positive.
        var significant = Enumerable.Range(0, 20).Count(seed =>
            ExperimentReport.Build("x", AB(0.25, 0.25, 300, 100 + seed), k: 10, bootstrapSamples: 400, seed: seed).Variants.Single(v => v.Variant == "treatment").VersusControl![ExperimentReport.CtrMetric].PValue < 0.05);

        Assert.InRange(significant, 0, 4);
    }

    [Fact]
    public void Build_OfAnInterleaving_CountsWinsAndTestsThem()
    {
        var outcomes = Enumerable.Range(0, 100).Select(i => new ImpressionOutcome(
            $"r{i}", s_day, $"u{i % 30}", i % 2 == 0 ? "control" : "treatment", "interleave", "7", 10, 1, true, 1, 0,
            i < 60 ? "treatment" : i < 80 ? "control" : null)).ToList();

        var result = ExperimentReport.Build("x", outcomes, k: 10).Interleaving!;

        Assert.Equal(("control", "treatment"), (result.TeamA, result.TeamB));
        Assert.Equal((100L, 20L, 60L, 20L), (result.Impressions, result.WinsA, result.WinsB, result.Ties));
        Assert.Equal(0.25, result.PreferenceA);
        Assert.Equal(BinomialTest.TwoSided(20, 80), result.PValue);
        Assert.True(result.PValue < 1e-5);
    }
}
