using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Validation;
using Ranking.Stores.Models;

namespace Ranking.Stores.Registry;

/// <summary>
/// The promotion gates run on one registered version against the live model, and the decision recorded in the
/// registry (validated, or rejected with the gate and reason). ModelRefresh runs it on every published version
/// before it promotes the best; <c>ranking models validate</c> runs it on one, from a laptop.
/// </summary>
public sealed class RegistryGates(IModelRegistry registry, S3ModelPackages packages, ValidationOptions options)
{
    /// <summary>Whether <paramref name="version"/> may still go live: newer than the live one and never live before.</summary>
    public static bool IsNew(string version, LiveAlias? alias) =>
        alias is null || (ModelVersionOrder.Compare(version, alias.Version) > 0 && !alias.History.Contains(version));

    /// <summary>The live model, for the quality gate; null with the reason when it cannot load (candidates are then judged without that comparison).</summary>
    public async Task<(RankingModel? Model, string? Problem)> LoadLiveAsync(string name, LiveAlias? alias, CancellationToken cancellationToken)
    {
        if (alias is null)
        {
            return (null, null);
        }

        try
        {
            return (await packages.LoadAsync(name, alias.Version, cancellationToken), null);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Validates <paramref name="version"/> and records the outcome, conditional on the status it was read with.</summary>
    /// <param name="live">The live model (<see cref="LoadLiveAsync"/>), or null.</param>
    public async Task<GateDecision> DecideAsync(string name, ModelVersionRecord version, LiveAlias? alias, RankingModel? live, CancellationToken cancellationToken)
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
            return await RecordAsync(name, version, report, cancellationToken);
        }
    }

    private async Task<GateDecision> RecordAsync(string name, ModelVersionRecord record, ValidationReport report, CancellationToken cancellationToken)
    {
        var version = record.Version;
        if (report.Passed)
        {
            var recorded = record.Status != ModelStatus.Published
                || await registry.TryUpdateStatusAsync(name, version, ModelStatus.Published, ModelStatus.Validated, null, cancellationToken);
            return new GateDecision(version, GateDecision.Validated, null, string.Join("; ", report.Gates.Select(g => $"{g.Gate}: {g.Detail}")), report.HoldoutNdcg10, report.Gates, recorded);
        }

        var failure = report.Failure!;
        var rejected = await registry.TryUpdateStatusAsync(name, version, record.Status, ModelStatus.Rejected, $"{failure.Gate}: {failure.Detail}", cancellationToken);
        return new GateDecision(version, GateDecision.Rejected, failure.Gate, failure.Detail, report.HoldoutNdcg10, report.Gates, rejected);
    }
}

/// <summary>What the gates decided on one version: <see cref="Validated"/>, or <see cref="Rejected"/> at <see cref="Gate"/>.</summary>
/// <param name="Gates">Every gate run, in order, with its detail.</param>
/// <param name="Recorded">Whether the registry took the decision; false when the version's status moved meanwhile (another refresh).</param>
public sealed record GateDecision(string Version, string Outcome, string? Gate, string Detail, double? HoldoutNdcg10, IReadOnlyList<GateOutcome> Gates, bool Recorded)
{
    public const string Validated = "validated";
    public const string Rejected = "rejected";
}
