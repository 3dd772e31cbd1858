using Ranking.Training.Training;

namespace Ranking.Training.Tests.Training;

public sealed class SearchSpaceTests
{
    private static readonly LambdaMartOptions s_baseline = new();

    [Fact]
    public void GridTrials_VaryTheLastKeyFastestAndApplyEveryValue()
    {
        var space = SearchSpace.Parse("""{"objective":["lambdarank","rank_xendcg"],"leaves":[7,15],"labelGain":[[0,1,3,7,15]]}""", "space.json", s_baseline);

        var trials = space.GridTrials(budget: null);

        Assert.Equal(4, space.GridSize);
        Assert.Equal(
            ["objective=lambdarank leaves=7 labelGain=[0,1,3,7,15]", "objective=lambdarank leaves=15 labelGain=[0,1,3,7,15]",
             "objective=rank_xendcg leaves=7 labelGain=[0,1,3,7,15]", "objective=rank_xendcg leaves=15 labelGain=[0,1,3,7,15]"],
            trials.Select(t => t.ToString()));
        var last = trials[3].Apply(s_baseline with { LearningRate = 0.3 });
        Assert.Equal(("rank_xendcg", 15, 0.3), (last.Objective, last.Leaves, last.LearningRate));
        Assert.Equal([0, 1, 3, 7, 15], last.LabelGain!);
    }

    [Fact]
    public void GridTrials_WithABudget_TakesTheFirstPoints()
    {
        var space = SearchSpace.Parse("""{"learningRate":[0.02,0.05,0.1],"minDataInLeaf":[20,50]}""", "space.json", s_baseline);

        Assert.Equal(["learningRate=0.02 minDataInLeaf=20", "learningRate=0.02 minDataInLeaf=50", "learningRate=0.05 minDataInLeaf=20"], space.GridTrials(3).Select(t => t.ToString()));
    }

    [Fact]
    public void RandomTrials_SameSeed_SameDistinctPoints_OtherSeed_OtherOrder()
    {
        var space = SearchSpace.Parse("""{"learningRate":[0.02,0.05,0.1],"leaves":[7,15,31],"earlyStopping":[20,100]}""", "space.json", s_baseline);

        var first = space.RandomTrials(6, seed: 1).Select(t => t.ToString()).ToList();

        Assert.Equal(first, space.RandomTrials(6, seed: 1).Select(t => t.ToString()));
        Assert.Equal(6, first.Distinct().Count());
        Assert.NotEqual(first, space.RandomTrials(6, seed: 2).Select(t => t.ToString()));
        Assert.Equal(18, space.RandomTrials(null, seed: 1).Select(t => t.ToString()).Distinct().Count());
    }

    [Theory]
    [InlineData("""{"leafs":[7]}""", "space.json: unknown key 'leafs'; the keys are objective, learningRate, leaves, minDataInLeaf, trees, earlyStopping, minIterations, truncationLevel, labelGain.")]
    [InlineData("""{"leaves":7}""", "space.json: 'leaves' must be a non-empty array of values to try.")]
    [InlineData("""{"leaves":[]}""", "space.json: 'leaves' must be a non-empty array of values to try.")]
    [InlineData("""{"leaves":[7,"15"]}""", "space.json: 'leaves'[1] must be an integer.")]
    [InlineData("""{"leaves":[7.5]}""", "space.json: 'leaves'[0] must be an integer.")]
    [InlineData("""{"learningRate":[-0.1]}""", "space.json: 'learningRate'[0]: LearningRate must be a positive number, not -0.1.")]
    [InlineData("""{"objective":["xendcg"]}""", "space.json: 'objective'[0]: Objective must be one of lambdarank, rank_xendcg, not 'xendcg'.")]
    [InlineData("""{"labelGain":[[0,3,1]]}""", "space.json: 'labelGain'[0]: LabelGain must be non-decreasing, but entry 2 (1) is below entry 1 (3).")]
    [InlineData("""{"leaves":[7],"leaves":[15]}""", "space.json: key 'leaves' appears twice.")]
    [InlineData("""{}""", "space.json: the space has no keys.")]
    [InlineData("""[7]""", "space.json: a search space is a JSON object of parameter keys to lists of values.")]
    public void Parse_BadSpace_NamesTheKeyAndTheProblem(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => SearchSpace.Parse(json, "space.json", s_baseline));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_NotJson_SaysSo()
    {
        var error = Assert.Throws<InvalidDataException>(() => SearchSpace.Parse("{leaves:", "space.json", s_baseline));

        Assert.StartsWith("space.json: not JSON:", error.Message, StringComparison.Ordinal);
    }
}
