using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Validation;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Handlers.Metrics;
using Ranking.Lambda.Logging;
using Ranking.Stores.Models;
using Ranking.Stores.Registry;

namespace Ranking.Functions.ModelRefresh;

/// <summary>
/// For one model name: validates every published version through the gates, records each outcome in the registry
/// (validated, or rejected with the gate and reason), then promotes the best version that passed (highest holdout
/// NDCG@10, newest on a tie). All writes are the registry's conditional writes, so two refreshes racing cannot both
/// promote; the loser logs a conflict.
/// </summary>
internal sealed class ModelPromotion(IModelRegistry registry, S3ModelPackages packages, ValidationOptions options, RankingInstruments metrics)
{
    private readonly RegistryGates _gates = new(registry, packages, options);

    public async Task<(IReadOnlyList<GateDecision> Decisions, string? Promoted, string? Live)> RunAsync(string name, JsonLogger log, CancellationToken cancellationToken)
    {
        var alias = await registry.GetLiveAsync(name, cancellationToken);
        // Validated versions count too: a refresh that validated one and then lost the promotion race leaves it
        // validated, and the next run must still be able to promote it.
        var published = (await registry.ListAsync(name, cancellationToken))
            .Where(v => v.Status == ModelStatus.Published || (v.Status == ModelStatus.Validated && RegistryGates.IsNew(v.Version, alias)))
            .ToList();
        if (published.Count == 0)
        {
            return ([], null, alias?.Version);
        }

        using var live = await LoadLiveAsync(name, alias, log, cancellationToken);
        var decisions = new List<GateDecision>();
        foreach (var version in published)
        {
            decisions.Add(await DecideAsync(name, version, alias, live, log, cancellationToken));
        }

        var best = decisions.Where(d => d.Outcome == GateDecision.Validated)
            .OrderByDescending(d => d.HoldoutNdcg10 ?? double.MinValue)
            .ThenByDescending(d => d.Version, ModelVersionOrder.Comparer)
            .FirstOrDefault();
        if (best is null)
        {
            return (decisions, null, alias?.Version);
        }

        var result = await registry.PromoteAsync(name, best.Version, cancellationToken);
        if (result.Outcome == RegistryOutcome.Done)
        {
            metrics.ModelPromoted();
            log.Info("model promoted", new("model", name), new("version", best.Version), new("previous", alias?.Version), new("holdoutNdcg10", best.HoldoutNdcg10 ?? double.NaN));
            return (decisions, best.Version, best.Version);
        }

        log.Warn("promotion not applied", new("model", name), new("version", best.Version), new("outcome", result.Outcome.ToString()), new("reason", result.Message));
        return (decisions, null, result.Live?.Version ?? alias?.Version);
    }

    private async Task<GateDecision> DecideAsync(string name, ModelVersionRecord version, LiveAlias? alias, RankingModel? live, JsonLogger log, CancellationToken cancellationToken)
    {
        var decision = await _gates.DecideAsync(name, version, alias, live, cancellationToken);
        if (decision.Outcome == GateDecision.Validated)
        {
            metrics.ModelValidated();
            log.Info("model validated", new("model", name), new("version", decision.Version), new("gates", decision.Detail));
        }
        else
        {
            metrics.ModelRejected(decision.Gate!);
            log.Warn("model rejected", new("model", name), new("version", decision.Version), new("gate", decision.Gate), new("reason", decision.Detail));
        }

        return decision;
    }

    /// <summary>The live model, for the quality gate; if it cannot load, candidates are judged without that comparison.</summary>
    private async Task<RankingModel?> LoadLiveAsync(string name, LiveAlias? alias, JsonLogger log, CancellationToken cancellationToken)
    {
        var (live, problem) = await _gates.LoadLiveAsync(name, alias, cancellationToken);
        if (problem is not null)
        {
            log.Error("live model does not load; quality is not compared", new("model", name), new("version", alias!.Version), new("reason", problem));
        }

        return live;
    }
}
