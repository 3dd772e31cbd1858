using Ranking.Core.Experiments;

namespace Ranking.Core.Tests.Experiments;

public sealed class ExperimentValidatorTests
{
    private static Experiment AB(params (string Name, string Model, double? Share)[] variants) => new()
    {
        Id = "feed-dec",
        Surface = "feed",
        Mode = ExperimentModes.AB,
        Variants = [.. variants.Select(v => new ExperimentVariant { Name = v.Name, Model = v.Model, Share = v.Share })],
    };

    [Fact]
    public void Problems_OfAValidABTest_AreNone()
    {
        Assert.Empty(ExperimentValidator.Problems(AB(("control", "live", 0.9), ("treatment", "feed-ltr:2", 0.1))));
        Assert.Empty(ExperimentValidator.Problems(AB(("control", "live", null), ("treatment", "feed-ltr:2", null))));
    }

    [Theory]
    [InlineData(0.5, 0.4, "shares sum to 0.9, not 1")]
    [InlineData(0.7, 0.7, "shares sum to 1.4, not 1")]
    [InlineData(0.0, 1.0, "variants[0].share 0 must be above 0 and at most 1")]
    public void Problems_WithBadShares_NameThem(double a, double b, string expected)
    {
        Assert.Contains(expected, ExperimentValidator.Problems(AB(("A", "live", a), ("B", "m:1", b))));
    }

    [Fact]
    public void Problems_WithSomeSharesMissing_AskForAllOrNone()
    {
        Assert.Contains("shares: 1 of 2 variants give a share; give all or none (equal split)", ExperimentValidator.Problems(AB(("A", "live", 1.0), ("B", "m:1", null))));
    }

    [Fact]
    public void Problems_NameEachBadField()
    {
        var experiment = new Experiment
        {
            Id = "Feed Dec",
            Surface = "Feed",
            Mode = "bandit",
            Variants = [new ExperimentVariant { Name = "A", Model = "feed-ltr" }, new ExperimentVariant { Name = "A", Model = "m:" }],
            Guardrail = new ExperimentGuardrail { MaxFallbackRate = 2, Window = 5 },
        };

        var problems = ExperimentValidator.Problems(experiment);

        Assert.Equal(
            [
                "id 'Feed Dec' must match [a-z0-9_-]{1,64}",
                "surface 'Feed' must match [a-z0-9_-]{1,32}",
                "mode 'bandit' is not one of ab, interleave",
                "variants[0].model 'feed-ltr' is neither 'live' nor name:version",
                "variants[1].name 'A' is used twice",
                "variants[1].model 'm:' is neither 'live' nor name:version",
                "guardrail.maxFallbackRate 2 must be above 0 and at most 1",
                "guardrail.window 5 must be from 10 to 100000 requests",
                "guardrail.minRequests 100 must be from 1 to the window (5)",
            ],
            problems);
    }

    [Fact]
    public void Problems_OfAnInterleaving_WantExactlyTwoVariantsAndNoShares()
    {
        var three = new Experiment
        {
            Id = "x", Surface = "feed", Mode = ExperimentModes.Interleave,
            Variants = [new() { Name = "A", Model = "live" }, new() { Name = "B", Model = "m:1" }, new() { Name = "C", Model = "m:2" }],
        };
        var shared = new Experiment
        {
            Id = "x", Surface = "feed", Mode = ExperimentModes.Interleave,
            Variants = [new() { Name = "A", Model = "live", Share = 0.5 }, new() { Name = "B", Model = "m:1", Share = 0.5 }],
        };

        Assert.Equal(["variants: interleaving merges exactly 2 rankings, 3 given"], ExperimentValidator.Problems(three));
        Assert.Equal(["shares: an interleaving experiment shows both variants in every response; leave shares out"], ExperimentValidator.Problems(shared));
    }

    [Fact]
    public void Problems_WithOneVariant_SayAnExperimentComparesTwo()
    {
        Assert.Contains("variants: an experiment compares at least 2, 1 given", ExperimentValidator.Problems(AB(("A", "live", null))));
    }

    [Fact]
    public void Problems_OfAGuardrailWithoutLimits_AskForOne()
    {
        var experiment = AB(("A", "live", null), ("B", "m:1", null));
        var guarded = new Experiment { Id = experiment.Id, Surface = experiment.Surface, Mode = experiment.Mode, Variants = experiment.Variants, Guardrail = new ExperimentGuardrail() };

        Assert.Equal(["guardrail: give maxFallbackRate, maxP99Ms or both"], ExperimentValidator.Problems(guarded));
    }
}
