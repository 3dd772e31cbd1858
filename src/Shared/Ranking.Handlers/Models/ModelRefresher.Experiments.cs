using Ranking.Core.Experiments;
using Ranking.Core.Ranking;
using Ranking.Handlers.Experiments;
using Ranking.Stores.Experiments;

namespace Ranking.Handlers.Models;

public sealed partial class ModelRefresher
{
    /// <summary>Per surface, the experiment run that could not be served and why: logged once, not reloaded until it changes.</summary>
    private readonly Dictionary<string, string> _experimentFailed = new(StringComparer.Ordinal);

    /// <summary>Where each surface's experiment is read, with the live alias; null serves no experiments.</summary>
    public IExperimentStore? Experiments { get; init; }

    /// <summary>
    /// Re-reads the surface's experiment and, when it started, changed or stopped, loads its variants' models and
    /// swaps it in (or out). A run that cannot be served (invalid, a model that does not load, interleaved models on
    /// other features) is counted and logged, and the surface serves its live model alone.
    /// </summary>
    private async Task RefreshExperimentAsync(string surfaceName, Action<string> log, List<RankingModel> retired, CancellationToken caller)
    {
        if (Experiments is not { } source)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(checkTimeout, time);
        using var check = CancellationTokenSource.CreateLinkedTokenSource(caller, timeout.Token);
        Experiment? definition;
        try
        {
            definition = await source.GetAsync(surfaceName, check.Token);
        }
        catch (Exception e) when (!caller.IsCancellationRequested)
        {
            // The experiment row is read with the live alias: a store that is down backs off like a failed model check.
            _checkFailed = true;
            ExperimentFailed(surfaceName, $"cannot read the experiment of {surfaceName} from {source.Source}: {Describe(e, check.Token)}", log);
            return;
        }

        catalog.TryGet(surfaceName, out var surface);
        var current = surface!.Experiment;
        if (definition is null || !definition.IsRunning)
        {
            _experimentFailed.Remove(surfaceName);
            if (current is not null)
            {
                Retire(catalog.SetExperiment(surfaceName, null), retired);
                log($"{surfaceName}: experiment {current.Definition.Id} stopped; the live model serves every request");
            }

            return;
        }

        var run = $"{definition.Id}@{definition.StartedAt:O}";
        if (current?.IsSameRun(definition) == true || (_experimentFailed.TryGetValue(surfaceName, out var failed) && failed == run))
        {
            return;
        }

        // A run replaced in the store is not served any longer, whether or not its successor can be.
        Retire(catalog.SetExperiment(surfaceName, null), retired);
        var (running, problem) = await LoadExperimentAsync(definition, surface, check.Token, caller);
        if (running is null)
        {
            ExperimentFailed(surfaceName, $"experiment {definition.Id} on {surfaceName} is not served: {problem}", log);
            _experimentFailed[surfaceName] = run;
            return;
        }

        _experimentFailed.Remove(surfaceName);
        catalog.SetExperiment(surfaceName, running);
        log($"{surfaceName}: experiment {definition.Id} ({definition.Mode}) serves {definition.DescribeVariants()}");
    }

    /// <returns>The running experiment, or null and why it cannot run.</returns>
    private async Task<(RunningExperiment? Running, string? Problem)> LoadExperimentAsync(Experiment definition, SurfaceModel surface, CancellationToken check, CancellationToken caller)
    {
        var problems = ExperimentValidator.Problems(definition).ToList();
        if (!string.Equals(definition.Surface, surface.Surface, StringComparison.Ordinal))
        {
            problems.Add($"it names surface '{definition.Surface}'");
        }

        if (problems.Count > 0)
        {
            return (null, string.Join("; ", problems));
        }

        var models = new RankingModel?[definition.Variants.Count];
        try
        {
            for (var i = 0; i < models.Length; i++)
            {
                // Validated above: a variant either is live or names a version.
                if (definition.Variants[i].TryModelVersion(out var name, out var version))
                {
                    models[i] = await locator.LoadAsync(name, version, check);
                    Warm(models[i]!);
                }
            }
        }
        catch (Exception e) when (!caller.IsCancellationRequested)
        {
            Dispose(models);
            return (null, $"a variant's model did not load (start the experiment again to retry): {Describe(e, check)}");
        }

        var running = new RunningExperiment(definition, models);
        if (running.FeatureMismatch(surface.Model) is { } mismatch)
        {
            running.Dispose();
            return (null, mismatch);
        }

        return (running, null);
    }

    private void ExperimentFailed(string surface, string problem, Action<string> log)
    {
        metrics.ExperimentLoadFailed(surface);
        log(problem);
    }

    private static void Retire(RunningExperiment? experiment, List<RankingModel> retired)
    {
        if (experiment is not null)
        {
            retired.AddRange(experiment.OwnModels);
        }
    }

    private static void Dispose(RankingModel?[] models)
    {
        foreach (var model in models)
        {
            model?.Dispose();
        }
    }
}
