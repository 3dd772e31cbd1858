using System.Collections.Concurrent;
using Ranking.Core.Models;
using Ranking.Core.Ranking;
using Ranking.Core.Validation;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Models;
using Ranking.Stores.Models;

namespace Ranking.Cli.Serve;

/// <summary>
/// The models folder behind the same promotion gates ModelRefresh runs in AWS: the live version of a model is the
/// newest version folder that passes them (against the model serving now, for the quality gate), so a corrupt or
/// worse newest folder never goes live, at start-up or later, and an older good one keeps serving.
/// </summary>
/// <remarks>
/// A rejected version stays rejected until restart: fix a package by publishing it under a new version. Calls come
/// from <see cref="ModelRefresher"/>, one check at a time.
/// </remarks>
internal sealed class GatedModelFolder(string root, ModelCatalog catalog, ValidationOptions gates, IRankingMetrics metrics, Action<string> log) : IModelLocator
{
    private readonly ConcurrentDictionary<(string Name, string Version), SkippedVersion> _rejected = new();
    private readonly Dictionary<(string Name, string Version), RankingModel> _validated = [];
    private readonly ConcurrentDictionary<(string Name, string Version), IReadOnlyList<GateOutcome>> _passed = new();

    public string Source => "the models folder";

    public Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken)
    {
        var serving = Serving(name);
        foreach (var version in ModelDirectory.Versions(root, name))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (version == serving?.Version || _validated.ContainsKey((name, version)))
            {
                return Task.FromResult<string?>(version);
            }

            if (!_rejected.ContainsKey((name, version)) && Passes(name, version, serving))
            {
                return Task.FromResult<string?>(version);
            }
        }

        return Task.FromResult(serving?.Version);
    }

    public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) =>
        Task.FromResult(_validated.Remove((name, version), out var model) ? model : ModelDirectory.Load(root, name, version));

    public IReadOnlyList<SkippedVersion> Skipped(string name)
    {
        var serving = Serving(name)?.Version;
        return [.. _rejected
            .Where(r => r.Key.Name == name && (serving is null || ModelVersionOrder.Compare(r.Key.Version, serving) > 0))
            .OrderByDescending(r => r.Key.Version, ModelVersionOrder.Comparer)
            .Select(r => r.Value)];
    }

    public IReadOnlyList<GateOutcome>? Gates(string name, string version) => _passed.GetValueOrDefault((name, version));

    private bool Passes(string name, string version, RankingModel? serving)
    {
        ValidationReport report;
        try
        {
            var package = ModelDirectory.Read(root, name, version);
            report = ModelValidator.Validate(package.Manifest, package.Onnx, package.Holdout, isNewVersion: true, serving, gates, package.TrainerModel);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A package that cannot even be read is rejected like one that fails a gate, so older versions are still tried.
            return Reject(name, version, "manifest", e.Message);
        }

        if (report.Failure is { } failure)
        {
            report.Model?.Dispose();
            return Reject(name, version, failure.Gate, failure.Detail);
        }

        _validated[(name, version)] = report.Model!;
        _passed[(name, version)] = report.Gates;
        log($"{name} {version} passed the gates ({string.Join("; ", report.Gates.Select(g => $"{g.Gate}: {g.Detail}"))})");
        return true;
    }

    private bool Reject(string name, string version, string gate, string detail)
    {
        var reason = $"{gate}: {detail}";
        _rejected[(name, version)] = new SkippedVersion(version, reason);
        metrics.ModelRejected(gate);
        log($"{name} {version} rejected, not served: {reason}");
        return false;
    }

    /// <summary>The model serving <paramref name="name"/> now (on any surface), or null.</summary>
    private RankingModel? Serving(string name) =>
        catalog.Surfaces.FirstOrDefault(s => s.ModelName == name && s.Model is not null)?.Model;
}
