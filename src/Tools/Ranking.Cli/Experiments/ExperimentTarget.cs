using Ranking.Core.Experiments;
using Ranking.Core.Models;
using Ranking.Stores.Experiments;
using Ranking.Stores.Registry;

namespace Ranking.Cli.Experiments;

/// <summary>
/// Where an experiments command reads and writes, and where it checks that a variant's model version exists: the
/// registry next to the table's experiments (registered and not rejected), or the models folder serve reads.
/// </summary>
internal sealed class ExperimentTarget(IExperimentStore experiments, IModelRegistry? registry, string? modelsDirectory, IDisposable? client) : IDisposable
{
    public IExperimentStore Experiments => experiments;

    /// <summary>A problem per variant whose model version cannot be served.</summary>
    public async Task<IReadOnlyList<string>> UnknownVersionsAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        for (var i = 0; i < experiment.Variants.Count; i++)
        {
            var variant = experiment.Variants[i];
            if (!variant.TryModelVersion(out var name, out var version))
            {
                // Live, or malformed (the validator says so).
                continue;
            }

            if (registry is not null)
            {
                var record = await registry.GetAsync(name, version, cancellationToken);
                if (record is null)
                {
                    problems.Add($"variants[{i}].model {variant.Model} is not registered in {experiments.Source}");
                }
                else if (record.Status == ModelStatus.Rejected)
                {
                    problems.Add($"variants[{i}].model {variant.Model} was rejected ({record.Reason})");
                }
            }
            else if (!File.Exists(Path.Combine(modelsDirectory!, name, version, ModelManifest.FileName)))
            {
                problems.Add($"variants[{i}].model {variant.Model} has no package in {modelsDirectory} ({Path.Combine(name, version, ModelManifest.FileName)} is missing)");
            }
        }

        return problems;
    }

    public void Dispose() => client?.Dispose();
}
