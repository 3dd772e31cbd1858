using Ranking.Core.Experiments;
using Ranking.Handlers.Experiments;

namespace Ranking.Handlers.Tests.Experiments;

public sealed class ExperimentGuardTests
{
    [Fact]
    public void Record_TripsWhenTheFallbackRateOverTheWindowExceedsTheLimit_Once()
    {
        var guard = new ExperimentGuard(new ExperimentGuardrail { MaxFallbackRate = 0.2, Window = 20, MinRequests = 20 }, variants: 2);

        // 4 fallbacks in 20 is 20%: at the limit, not over it.
        var trips = Enumerable.Range(0, 20).Select(i => guard.Record(1, 1, fallback: i % 5 == 4)).ToList();
        Assert.All(trips, Assert.Null);

        var tripped = guard.Record(1, 1, fallback: true);

        Assert.Equal("fallback rate 25.0% over the last 20 requests exceeds 20.0%", tripped);
        Assert.True(guard.IsTripped(1));
        Assert.False(guard.IsTripped(0));
        Assert.Null(guard.Record(1, 1, fallback: true));
    }

    [Fact]
    public void Record_ForgetsWhatLeftTheWindow()
    {
        var guard = new ExperimentGuard(new ExperimentGuardrail { MaxFallbackRate = 0.5, Window = 10, MinRequests = 10 }, variants: 1);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(guard.Record(0, 1, fallback: true));
        }

        // 5 of the first 10 fell back (50%, not over); the next 10 push them out of the window.
        for (var i = 0; i < 15; i++)
        {
            Assert.Null(guard.Record(0, 1, fallback: false));
        }

        Assert.False(guard.IsTripped(0));
    }

    [Fact]
    public void Record_TripsOnTheP99OfTheWindow_NotOnOneSlowRequest()
    {
        var guard = new ExperimentGuard(new ExperimentGuardrail { MaxP99Ms = 50, Window = 100, MinRequests = 100 }, variants: 1);
        for (var i = 0; i < 99; i++)
        {
            Assert.Null(guard.Record(0, 10, fallback: false));
        }

        // One slow request in 100: the p99 (nearest rank) is the 99th value, 10 ms.
        Assert.Null(guard.Record(0, 500, fallback: false));
        Assert.False(guard.IsTripped(0));

        string? tripped = null;
        for (var i = 0; i < 25 && tripped is null; i++)
        {
            tripped = guard.Record(0, 500, fallback: false);
        }

        Assert.Equal("p99 latency 500 ms over the last 100 requests exceeds 50 ms", tripped);
    }
}
