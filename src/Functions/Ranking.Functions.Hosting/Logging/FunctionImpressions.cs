using Ranking.Functions.Hosting.Configuration;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Lambda.Runtime;

namespace Ranking.Functions.Hosting.Logging;

/// <summary>Impression logging in a function: opt-in with <c>RANKING_LOG_SAMPLE</c>, records written after each response.</summary>
public static class FunctionImpressions
{
    /// <returns>The log to hand to the handlers, or null when the function logs no impressions.</returns>
    public static ImpressionLog? Create(LambdaInitContext context, FunctionSettings settings, IRecordSink sink, IRankingMetrics metrics)
    {
        if (settings.Impressions is not { } options)
        {
            return null;
        }

        var impressions = new ImpressionLog(sink, options, context.Randomizer, metrics);
        // After the response is posted: the caller has its answer, and the environment is not frozen until the next poll.
        context.RunAfterEachInvocation((_, _) =>
        {
            impressions.WritePending();
            return ValueTask.CompletedTask;
        });
        return impressions;
    }
}
