using System.Globalization;
using System.Text.Json.Serialization;

namespace Ranking.Core.Experiments;

/// <summary>
/// An online experiment on one surface: A/B (each user sees one variant) or team-draft interleaving (each
/// response merges two variants' rankings). Stored as JSON (the models table's <c>experiment#surface</c> row, or
/// serve's local file), so every property name is part of the stored data.
/// </summary>
public sealed record Experiment
{
    public required string Id { get; init; }
    public required string Surface { get; init; }

    /// <summary><see cref="ExperimentModes.AB"/> or <see cref="ExperimentModes.Interleave"/>.</summary>
    public required string Mode { get; init; }
    public required IReadOnlyList<ExperimentVariant> Variants { get; init; }

    /// <summary>Mixed into the assignment hash, so a new experiment reshuffles users; the id when left out.</summary>
    public string? Salt { get; init; }
    public ExperimentGuardrail? Guardrail { get; init; }
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Set when stopped; a stopped experiment is kept for its reports but serves nothing.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    [JsonIgnore]
    public string EffectiveSalt => string.IsNullOrEmpty(Salt) ? Id : Salt;

    [JsonIgnore]
    public bool IsRunning => StoppedAt is null;

    /// <summary>The variant's share of traffic: its own, or an equal split when the experiment gives none.</summary>
    public double ShareOf(int variant) => Variants[variant].Share ?? 1.0 / Variants.Count;

    /// <summary><c>control=live@0.9, treatment=feed-ltr:3@0.1</c>; shares left out under interleaving, where every response shows both.</summary>
    public string DescribeVariants() => string.Join(", ", Variants.Select((v, i) =>
        string.Equals(Mode, ExperimentModes.Interleave, StringComparison.Ordinal)
            ? $"{v.Name}={v.Model}"
            : string.Create(CultureInfo.InvariantCulture, $"{v.Name}={v.Model}@{ShareOf(i):0.###}")));
}

public sealed class ExperimentVariant
{
    /// <summary>What the variant serves: a model <c>name:version</c>, or <see cref="Live"/> for the surface's live model.</summary>
    public const string Live = "live";

    public required string Name { get; init; }
    public required string Model { get; init; }

    /// <summary>Share of users in an A/B test; all variants give one or none does (equal split). Unused when interleaving.</summary>
    public double? Share { get; init; }

    [JsonIgnore]
    public bool IsLive => string.Equals(Model, Live, StringComparison.Ordinal);

    /// <summary>The model name and version of a variant that names one (<c>name:version</c>, both non-empty); false for <see cref="Live"/> or a malformed model.</summary>
    public bool TryModelVersion(out string name, out string version)
    {
        var colon = IsLive ? -1 : Model?.LastIndexOf(':') ?? -1;
        (name, version) = colon <= 0 || colon == Model!.Length - 1 ? ("", "") : (Model[..colon], Model[(colon + 1)..]);
        return colon > 0 && version.Length > 0;
    }
}

/// <summary>
/// Stops traffic to a variant whose fallback rate or 99th-percentile latency over its last <see cref="Window"/>
/// requests exceeds a limit (measured per serving process).
/// </summary>
public sealed class ExperimentGuardrail
{
    public const int DefaultWindow = 500;
    public const int DefaultMinRequests = 100;

    public double? MaxFallbackRate { get; init; }
    public double? MaxP99Ms { get; init; }
    public int Window { get; init => field = value == 0 ? DefaultWindow : value; } = DefaultWindow;

    /// <summary>Requests a variant must have served before its guardrail can trip.</summary>
    public int MinRequests { get; init => field = value == 0 ? DefaultMinRequests : value; } = DefaultMinRequests;
}

public static class ExperimentModes
{
    public const string AB = "ab";
    public const string Interleave = "interleave";
}
