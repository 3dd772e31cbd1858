using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Validation;
using Ranking.Functions.Hosting.Metrics;
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
internal sealed class ModelPromotion(IModelRegistry registry, S3ModelPackages packages, ValidationOptions options, RankingEmfMetrics metrics)
{
    public async Task<(IReadOnlyList<RefreshDecision> Decisions, string? Promoted, string? Live)> RunAsync(string name, JsonLogger log, CancellationToken cancellationToken)
    {
        var alias = await registry.GetLiveAsync(name, cancellationToken);
        // Validated versions count too: a refresh that validated one and then lost the promotion race leaves it
        // validated, and the next run must still be able to promote it.
        var published = (await registry.ListAsync(name, cancellationToken))
            .Where(v => v.Status == ModelStatus.Published || (v.Status == ModelStatus.Validated && IsNew(v.Version, alias)))
            .ToList();
        if (published.Count == 0)
        {
            return ([], null, alias?.Version);
        }

        using var live = await LoadLiveAsync(name, alias, log, cancellationToken);
        var decisions = new List<RefreshDecision>();
        foreach (var version in published)
        {
            decisions.Add(await DecideAsync(name, version, alias, live, log, cancellationToken));
        }

        var best = decisions.Where(d => d.Outcome == "validated")
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

    private async Task<RefreshDecision> DecideAsync(string name, ModelVersionRecord version, LiveAlias? alias, RankingModel? live, JsonLogger log, CancellationToken cancellationToken)
    {
        ValidationReport report;
        try
        {
            var files = await packages.ReadPackageAsync(name, version.Version, cancellationToken);
            if (!IsNew(version.Version, alias))
            {
                report = new ValidationReport { Gates = [new GateOutcome("manifest", false, $"version {version.Version} is not newer than live {alias!.Version}")] };
            }
            else if (files.Manifest.Name != name || files.Manifest.Version != version.Version)
            {
                report = new ValidationReport { Gates = [new GateOutcome("manifest", false, $"the manifest says {files.Manifest.Name}/{files.Manifest.Version}, the registry {name}/{version.Version}")] };
            }
            else
            {
                report = ModelValidator.Validate(files.Manifest, files.Onnx, files.Holdout, isNewVersion: true, live, options);
            }
        }
        catch (InvalidDataException e)
        {
            report = new ValidationReport { Gates = [new GateOutcome("manifest", false, e.Message)] };
        }

        using (report.Model)
        {
            return await RecordAsync(name, version, report, log, cancellationToken);
        }
    }

    private static bool IsNew(string version, LiveAlias? alias) =>
        alias is null || (ModelVersionOrder.Compare(version, alias.Version) > 0 && !alias.History.Contains(version));

    private async Task<RefreshDecision> RecordAsync(string name, ModelVersionRecord record, ValidationReport report, JsonLogger log, CancellationToken cancellationToken)
    {
        var version = record.Version;
        if (report.Passed)
        {
            var detail = string.Join("; ", report.Gates.Select(g => $"{g.Gate}: {g.Detail}"));
            if (record.Status == ModelStatus.Published)
            {
                await registry.TryUpdateStatusAsync(name, version, ModelStatus.Published, ModelStatus.Validated, null, cancellationToken);
            }

            metrics.ModelValidated();
            log.Info("model validated", new("model", name), new("version", version), new("gates", detail));
            return new RefreshDecision(version, "validated", null, detail, report.HoldoutNdcg10);
        }

        var failure = report.Failure!;
        var reason = $"{failure.Gate}: {failure.Detail}";
        await registry.TryUpdateStatusAsync(name, version, record.Status, ModelStatus.Rejected, reason, cancellationToken);
        metrics.ModelRejected(failure.Gate);
        log.Warn("model rejected", new("model", name), new("version", version), new("gate", failure.Gate), new("reason", failure.Detail));
        return new RefreshDecision(version, "rejected", failure.Gate, failure.Detail, report.HoldoutNdcg10);
    }

    /// <summary>The live model, for the quality gate; if it cannot load, candidates are judged without that comparison.</summary>
    private async Task<RankingModel?> LoadLiveAsync(string name, LiveAlias? alias, JsonLogger log, CancellationToken cancellationToken)
    {
        if (alias is null)
        {
            return null;
        }

        try
        {
            return await packages.LoadAsync(name, alias.Version, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            log.Error("live model does not load; quality is not compared", new("model", name), new("version", alias.Version), new("reason", e.Message));
            return null;
        }
    }
}
