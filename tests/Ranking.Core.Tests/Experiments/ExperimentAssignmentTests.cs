using Ranking.Core.Experiments;

namespace Ranking.Core.Tests.Experiments;

public sealed class ExperimentAssignmentTests
{
    private static Experiment Split(double control, string salt = "s1") => new()
    {
        Id = "feed-dec",
        Surface = "feed",
        Mode = ExperimentModes.AB,
        Salt = salt,
        Variants = [new() { Name = "control", Model = "live", Share = control }, new() { Name = "treatment", Model = "m:2", Share = 1 - control }],
    };

    [Fact]
    public void Variant_IsStableForAKey()
    {
        var experiment = Split(0.5);
        for (var u = 0; u < 200; u++)
        {
            Assert.Equal(ExperimentAssignment.Variant(experiment, $"u_{u}"), ExperimentAssignment.Variant(experiment, $"u_{u}"));
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.1)]
    public void Variant_SplitsSequentialIdsByTheShares(double control)
    {
        const int users = 20_000;
        var experiment = Split(control);
        var inControl = Enumerable.Range(0, users).Count(u => ExperimentAssignment.Variant(experiment, $"u_{u}") == 0);

        // Binomial sd at 20,000 is at most 0.0035; 0.015 is more than 4 sd.
        Assert.InRange(inControl / (double)users, control - 0.015, control + 0.015);
    }

    [Fact]
    public void Variant_UnderANewSalt_IsIndependentOfTheOld()
    {
        const int users = 20_000;
        var first = Split(0.5, "s1");
        var second = Split(0.5, "s2");
        var same = Enumerable.Range(0, users).Count(u => ExperimentAssignment.Variant(first, $"u_{u}") == ExperimentAssignment.Variant(second, $"u_{u}"));

        Assert.InRange(same / (double)users, 0.485, 0.515);
    }

    [Fact]
    public void Variant_WithEqualSplit_UsesEveryVariant()
    {
        var experiment = new Experiment
        {
            Id = "three", Surface = "feed", Mode = ExperimentModes.AB,
            Variants = [new() { Name = "a", Model = "live" }, new() { Name = "b", Model = "m:1" }, new() { Name = "c", Model = "m:2" }],
        };
        var counts = new int[3];
        for (var u = 0; u < 30_000; u++)
        {
            counts[ExperimentAssignment.Variant(experiment, $"user-{u}")]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Hash_OfALongKey_IsTheSameAsWithinTheStackBuffer()
    {
        // Keys past the 256-byte stack buffer take the heap path; both must hash every byte.
        var longKey = new string('x', 300);
        Assert.NotEqual(ExperimentAssignment.Hash("s", longKey), ExperimentAssignment.Hash("s", longKey + "y"));
        Assert.Equal(ExperimentAssignment.Hash("s", longKey), ExperimentAssignment.Hash("s", new string('x', 300)));
        Assert.NotEqual(ExperimentAssignment.Hash("ab", "c"), ExperimentAssignment.Hash("a", "bc"));
    }
}
