using Ranking.Core.Experiments;
using Ranking.Core.Ranking;

namespace Ranking.Handlers.Experiments;

/// <summary>
/// A surface's running experiment with the models its variants serve, loaded by the host. A variant that serves
/// <see cref="ExperimentVariant.Live"/> follows the surface's live model, whichever version that is at the time.
/// Owns the models it loaded.
/// </summary>
public sealed class RunningExperiment : IDisposable
{
    private readonly RankingModel?[] _models;

    /// <param name="models">Per variant, its loaded model, or null for a variant that serves the live model.</param>
    public RunningExperiment(Experiment definition, RankingModel?[] models)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Length != definition.Variants.Count)
        {
            throw new ArgumentException($"{models.Length} models for {definition.Variants.Count} variants", nameof(models));
        }

        Definition = definition;
        _models = models;
        Interleaved = string.Equals(definition.Mode, ExperimentModes.Interleave, StringComparison.Ordinal);
        Guard = definition.Guardrail is { } limits ? new ExperimentGuard(limits, definition.Variants.Count) : null;
    }

    public Experiment Definition { get; }
    public bool Interleaved { get; }
    public ExperimentGuard? Guard { get; }

    /// <summary>The models this experiment loaded (not the live ones it follows).</summary>
    public IEnumerable<RankingModel> OwnModels => _models.OfType<RankingModel>();

    /// <summary>Whether this is the same start of the same experiment as <paramref name="other"/> (a re-read of an unchanged row).</summary>
    public bool IsSameRun(Experiment other) =>
        string.Equals(Definition.Id, other.Id, StringComparison.Ordinal) && Definition.StartedAt == other.StartedAt && Definition.StoppedAt == other.StoppedAt;

    /// <summary>
    /// The model, interleaving and tag for one request, or the live model untagged when the request is outside the
    /// experiment: an anonymous request without a session, or a variant its guardrail stopped.
    /// </summary>
    /// <param name="key">The user id, else the session id; null keeps the request out.</param>
    public ExperimentChoice Choose(string? key, string requestId, RankingModel? live)
    {
        if (key is null)
        {
            return new ExperimentChoice(live, null, null, -1);
        }

        var variants = Definition.Variants;
        if (!Interleaved)
        {
            var variant = ExperimentAssignment.Variant(Definition, key);
            return Guard?.IsTripped(variant) == true
                ? new ExperimentChoice(live, null, null, -1)
                : new ExperimentChoice(_models[variant] ?? live, null, new ExperimentTag(Definition.Id, variants[variant].Name, Definition.Mode), variant);
        }

        if (Guard is { } guard && (guard.IsTripped(0) || guard.IsTripped(1)))
        {
            return new ExperimentChoice(live, null, null, -1);
        }

        if (Pair(live) is not { } pair || !pair.A.Plan.HasSameFeatures(pair.B.Plan))
        {
            // The live model a variant follows is unavailable, or was swapped for one on other features since the
            // experiment loaded: the surface serves as without an experiment.
            return new ExperimentChoice(live, null, null, -1);
        }

        var (a, b) = pair;
        var seed = ExperimentAssignment.Hash(Definition.EffectiveSalt, requestId);
        var first = TeamDraft.FirstPick(seed) == TeamDraft.TeamA ? 0 : 1;
        return new ExperimentChoice(a, new Interleaving(b, variants[0].Name, variants[1].Name, seed), new ExperimentTag(Definition.Id, variants[first].Name, Definition.Mode), ExperimentChoice.BothVariants);
    }

    /// <summary>Why this interleaving cannot merge with <paramref name="live"/> serving, or null (also when a model is missing yet).</summary>
    public string? FeatureMismatch(RankingModel? live) =>
        Interleaved && Pair(live) is var (a, b) && !a.Plan.HasSameFeatures(b.Plan)
            ? $"{a.Name}/{a.Version} and {b.Name}/{b.Version} take different features, and interleaving scores one matrix with both"
            : null;

    /// <summary>The two interleaved models, the live one standing in for a variant that follows it; null when one is missing.</summary>
    private (RankingModel A, RankingModel B)? Pair(RankingModel? live) =>
        (_models[0] ?? live, _models[1] ?? live) is ({ } a, { } b) ? (a, b) : null;

    /// <summary>Counts a served request against its variants' guardrails; returns a message when it tripped one.</summary>
    public string? Record(ExperimentChoice choice, double latencyMs, bool fallback)
    {
        if (Guard is not { } guard || choice.Tag is null)
        {
            return null;
        }

        if (choice.Variant != ExperimentChoice.BothVariants)
        {
            return Tripped(choice.Variant, guard.Record(choice.Variant, latencyMs, fallback));
        }

        return Tripped(0, guard.Record(0, latencyMs, fallback)) ?? Tripped(1, guard.Record(1, latencyMs, fallback));
    }

    private string? Tripped(int variant, string? reason) =>
        reason is null ? null : $"experiment {Definition.Id} on {Definition.Surface}: variant {Definition.Variants[variant].Name} stopped receiving traffic: {reason}";

    public void Dispose()
    {
        foreach (var model in OwnModels)
        {
            model.Dispose();
        }
    }
}

/// <param name="Model">The model that ranks (model A under interleaving); null when none can.</param>
/// <param name="Variant">The variant index the guardrail counts, <see cref="BothVariants"/> under interleaving, -1 outside the experiment.</param>
public readonly record struct ExperimentChoice(RankingModel? Model, Interleaving? Interleaving, ExperimentTag? Tag, int Variant)
{
    public const int BothVariants = -2;
}
