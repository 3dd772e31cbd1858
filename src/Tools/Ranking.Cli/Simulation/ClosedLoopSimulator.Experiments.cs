using System.Diagnostics;
using System.Globalization;
using Ranking.Core.Experiments;
using Ranking.Stores.Experiments;
using Ranking.Training.Experiments;

namespace Ranking.Cli.Simulation;

/// <summary>
/// After the days: an earlier version (the popularity model by default: truly worse) and the final live one (truly
/// better, as the A/B arms' true NDCG@10 shows) put through an A/B test and an interleaving experiment on fresh
/// traffic. Each is read by the experiment report's own statistics as its impressions grow, to see how many each
/// needs for a significant verdict.
/// </summary>
internal sealed partial class ClosedLoopSimulator
{
    public const string Control = "control";
    public const string Treatment = "treatment";
    private const double Significance = 0.05;
    private static readonly Dictionary<string, string> Unchanged = [];

    private async Task<(IReadOnlyList<ExperimentRun> Runs, string? Skipped)> RunExperimentsAsync(CancellationToken cancellationToken)
    {
        var modes = _options.ExperimentModesToRun.ToList();
        if (modes.Count == 0)
        {
            return ([], null);
        }

        var surface = _options.ExperimentSurface;
        var better = await _serve.LiveVersionAsync(surface, cancellationToken) ?? "none";
        var control = _options.ExperimentControl.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(better, CultureInfo.InvariantCulture, out var live) || live <= _options.ExperimentControl)
        {
            return ([], $"no experiment: {surface} serves version {better} at the end, no later than the control, version {control}");
        }

        var name = ModelName(surface);
        var store = new FolderExperimentStore(Path("experiments"));
        var runs = new List<ExperimentRun>();
        for (var repeat = 1; repeat <= _options.ExperimentRepeats; repeat++)
        {
            foreach (var mode in modes)
            {
                runs.Add(await RunExperimentAsync(store, surface, mode, repeat, $"{name}:{control}", $"{name}:{better}", cancellationToken));
            }
        }

        return (runs, null);
    }

    private async Task<ExperimentRun> RunExperimentAsync(
        FolderExperimentStore store, string surface, string mode, int repeat, string worse, string better, CancellationToken cancellationToken)
    {
        var experiment = new Experiment
        {
            // A new id per run: a new salt, so each A/B repeat splits the users anew.
            Id = $"simulate-{mode}-{repeat}",
            Surface = surface,
            Mode = mode,
            Variants = [new ExperimentVariant { Name = Control, Model = worse }, new ExperimentVariant { Name = Treatment, Model = better }],
            StartedAt = _next,
        };
        if (!await store.TryStartAsync(experiment, cancellationToken))
        {
            throw new InvalidDataException($"{surface} already runs an experiment in {store.Source}");
        }

        await _serve.CheckModelsAsync(Unchanged, cancellationToken);
        var from = DateOnly.FromDateTime(_next.UtcDateTime);
        var truth = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var served = new List<string>(_options.ExperimentImpressions);
        // A running serve takes the experiment up at its next poll: responses until then are not the experiment's.
        var started = Stopwatch.GetTimestamp();
        while (served.Count < _options.ExperimentImpressions)
        {
            if (await ServeAsync(surface, cancellationToken) is not { } impression)
            {
                continue;
            }

            if (impression.ExperimentId != experiment.Id)
            {
                if (served.Count > 0 || Stopwatch.GetElapsedTime(started).TotalSeconds > _options.WaitSeconds)
                {
                    throw new InvalidDataException(served.Count > 0
                        ? $"serve stopped experiment {experiment.Id} after {served.Count} impressions (a guardrail, or the file changed); see its log"
                        : $"serve did not start experiment {experiment.Id} within {_options.WaitSeconds} s: is it reading {Path("experiments")}? See its log");
                }

                // Not taken up yet (a running serve's next poll): a probe every 200 ms, not a flood of simulated traffic.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                continue;
            }

            served.Add(impression.ImpressionId);
            // Under interleaving every response shows both teams: its truth is the merged list's.
            var key = mode == ExperimentModes.Interleave ? "merged" : impression.Variant ?? "untagged";
            var (sum, count) = truth.GetValueOrDefault(key);
            truth[key] = (sum + impression.TrueNdcg10, count + 1);
        }

        await _serve.SettleLogsAsync(_answered, cancellationToken);
        await store.StopAsync(surface, _next, cancellationToken);
        await _serve.CheckModelsAsync(Unchanged, cancellationToken);
        var checkpoints = Checkpoints(experiment.Id, from, served);
        return new ExperimentRun(
            mode,
            repeat,
            surface,
            worse,
            better,
            checkpoints,
            ImpressionsToSignificance(checkpoints),
            truth.ToDictionary(t => t.Key, t => t.Value.Sum / t.Value.Count, StringComparer.Ordinal));
    }

    /// <summary>
    /// The experiment report's verdict after each step of impressions, as it would have read then (A/B: CTR, bootstrap
    /// over users; interleaving: the binomial test on wins). The logs are read once, at the end, and each checkpoint
    /// reports on the impressions served up to it: their events were all sent before the next ranking, so a read at
    /// that moment would have found the same outcomes.
    /// </summary>
    private List<ExperimentCheckpoint> Checkpoints(string experimentId, DateOnly from, List<string> served)
    {
        var outcomes = ExperimentOutcomes.Read(new ExperimentOutcomeOptions { LogsDirectory = Path("logs"), ExperimentId = experimentId, From = from })
            .Outcomes.ToDictionary(o => o.ImpressionId, StringComparer.Ordinal);
        var checkpoints = new List<ExperimentCheckpoint>();
        for (var n = _options.ExperimentStep; n <= served.Count; n += _options.ExperimentStep)
        {
            var prefix = served.Take(n).Select(id => outcomes.GetValueOrDefault(id)).OfType<ImpressionOutcome>().ToList();
            checkpoints.Add(prefix.Count == 0 ? new ExperimentCheckpoint(n, 1.0, Control) : Checkpoint(ExperimentReport.Build(experimentId, prefix, k: 10, control: Control), n));
        }

        return checkpoints;
    }

    private static ExperimentCheckpoint Checkpoint(ExperimentReport report, int impressions)
    {
        if (report.Interleaving is { } interleaving)
        {
            var leader = interleaving.WinsA >= interleaving.WinsB ? interleaving.TeamA : interleaving.TeamB;
            return new ExperimentCheckpoint(impressions, interleaving.PValue, leader);
        }

        var treatment = report.Variants.FirstOrDefault(v => v.Variant == Treatment);
        if (treatment?.VersusControl is not { } versus)
        {
            // One variant has no impression yet: nothing to compare.
            return new ExperimentCheckpoint(impressions, 1.0, report.Variants[0].Variant);
        }

        var ctr = versus[ExperimentReport.CtrMetric];
        return new ExperimentCheckpoint(impressions, ctr.PValue, ctr.Value >= 0 ? Treatment : Control);
    }

    /// <summary>The first checkpoint from which every later one is significant with the better model (treatment) ahead.</summary>
    private static int? ImpressionsToSignificance(IReadOnlyList<ExperimentCheckpoint> checkpoints)
    {
        int? first = null;
        foreach (var checkpoint in checkpoints)
        {
            var significant = checkpoint.PValue < Significance && checkpoint.Leader == Treatment;
            first = significant ? first ?? checkpoint.Impressions : null;
        }

        return first;
    }
}
