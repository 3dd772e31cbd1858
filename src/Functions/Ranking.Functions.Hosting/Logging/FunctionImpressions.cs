using Ranking.Functions.Hosting.Configuration;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Lambda.Runtime;

namespace Ranking.Functions.Hosting.Logging;

/// <summary>Impression logging in a function (<see cref="FunctionSettings.Impressions"/>), records written after each response.</summary>
public static class FunctionImpressions
{
    public static ImpressionLog Create(LambdaInitContext context, FunctionSettings settings, IRecordSink sink, IRankingMetrics metrics)
    {
        var impressions = new ImpressionLog(sink, settings.Impressions, context.Randomizer, metrics);
        // After the response is posted: the caller has its answer, and the environment is not frozen until the next poll.
        context.RunAfterEachInvocation((_, _) =>
        {
            impressions.WritePending();
            return ValueTask.CompletedTask;
        });
        return impressions;
    }
}
