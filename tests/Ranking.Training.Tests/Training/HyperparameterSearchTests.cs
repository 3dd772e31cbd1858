using Ranking.Testing.Seams;
using Ranking.Training.Training;

namespace Ranking.Training.Tests.Training;

public sealed class HyperparameterSearchTests
{
    private const string Space = """{"learningRate":[0.02,0.1],"leaves":[7,15,31]}""";

    [Fact]
    public void Run_RandomSearchWithABudgetOfThree_MatchesOrBeatsTheDefaultsOnValidation()
    {
        var defaults = new LambdaMartOptions();
        var split = TrainedModels.Carved;
        var trials = SearchSpace.Parse(Space, "space", defaults).RandomTrials(budget: 3, seed: 42);

        var best = HyperparameterSearch.Best(HyperparameterSearch.Run(trials, defaults, [split], TimeProvider.System));

        var baseline = LambdaMartTrainer.Train(split.Train, split.Valid, defaults);
        Assert.True(
            best.MeanNdcg10 >= baseline.BestValidNdcg[3],
            $"best trial {best.Setting}: {best.MeanNdcg10:F4}; defaults {baseline.BestValidNdcg[3]:F4}");
    }

    [Fact]
    public void Run_TwoFolds_ScoresEachFoldAndReportsEveryTrial()
    {
        var options = new LambdaMartOptions { Trees = 5, EarlyStoppingRounds = 5 };
        var trials = SearchSpace.Parse("""{"leaves":[3,5]}""", "space", options).GridTrials(budget: null);
        var folds = QueryFolds.Split(TrainedModels.Carved.Train, 2, seed: 1);
        var reports = new List<TuningProgress>();

        var results = HyperparameterSearch.Run(trials, options, folds, TimeProvider.System, new SynchronousProgress<TuningProgress>(reports.Add));

        Assert.Equal([1, 2], results.Select(r => r.Trial));
        Assert.Equal([3, 5], results.Select(r => r.Options.Leaves));
        Assert.All(results, r => Assert.Equal(2, r.ValidNdcg10.Count));
        Assert.All(results, r => Assert.Equal(r.ValidNdcg10.Average(), r.MeanNdcg10, 12));
        Assert.All(results, r => Assert.InRange(r.StdDevNdcg10, 1e-9, 1));
        Assert.Equal([(1, 2), (2, 2)], reports.Select(r => (r.Completed, r.Total)));
        Assert.Equal(HyperparameterSearch.Best(results), results.MaxBy(r => r.MeanNdcg10));
    }

    [Fact]
    public void Run_ReportsElapsedTimeAndExtrapolatesTheRest()
    {
        // Each report moves the clock on 10 s, as if every trial after the first took that long.
        var time = new ManualTimeProvider();
        var options = new LambdaMartOptions { Trees = 2, EarlyStoppingRounds = 2 };
        var trials = SearchSpace.Parse("""{"leaves":[3,4,5]}""", "space", options).GridTrials(budget: null);
        var reports = new List<TuningProgress>();

        HyperparameterSearch.Run(trials, options, [TrainedModels.Carved], time, new SynchronousProgress<TuningProgress>(report =>
        {
            reports.Add(report);
            time.Advance(TimeSpan.FromSeconds(10));
        }));

        Assert.Equal([0, 10, 20], reports.Select(r => r.Elapsed.TotalSeconds));
        Assert.Equal([0, 5, 0], reports.Select(r => r.Remaining.TotalSeconds));
    }
}
