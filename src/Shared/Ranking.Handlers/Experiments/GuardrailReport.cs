using Ranking.Handlers.Metrics;
using Ranking.Handlers.Models;

namespace Ranking.Handlers.Experiments;

/// <summary>What both ranking handlers do after a ranking under an experiment: count it against the guardrail, and report a trip.</summary>
internal static class GuardrailReport
{
    public static void Record(SurfaceModel surface, ExperimentChoice choice, double latencyMs, bool fallback, IRankingMetrics metrics, Action<string>? log)
    {
        if (surface.Experiment?.Record(choice, latencyMs, fallback) is { } tripped)
        {
            metrics.ExperimentGuardrailTripped(surface.Surface);
            log?.Invoke(tripped);
        }
    }
}
