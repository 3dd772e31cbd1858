using System.Globalization;

namespace Ranking.Core.Experiments;

/// <summary>What makes an experiment servable; each problem names the key it is about.</summary>
public static class ExperimentValidator
{
    /// <summary>Shares must sum to 1 within this (they are written by people, as decimals).</summary>
    private const double ShareTolerance = 1e-6;
    private const int MaxNameLength = 64;

    /// <summary>Every problem with <paramref name="experiment"/>, empty when it can be served.</summary>
    public static IReadOnlyList<string> Problems(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var problems = new List<string>();
        if (!IsName(experiment.Id, MaxNameLength, lowerOnly: true))
        {
            problems.Add($"id '{experiment.Id}' must match [a-z0-9_-]{{1,{MaxNameLength}}}");
        }

        if (!IsName(experiment.Surface, 32, lowerOnly: true))
        {
            problems.Add($"surface '{experiment.Surface}' must match [a-z0-9_-]{{1,32}}");
        }

        var interleave = string.Equals(experiment.Mode, ExperimentModes.Interleave, StringComparison.Ordinal);
        if (!interleave && !string.Equals(experiment.Mode, ExperimentModes.AB, StringComparison.Ordinal))
        {
            problems.Add($"mode '{experiment.Mode}' is not one of {ExperimentModes.AB}, {ExperimentModes.Interleave}");
        }

        var variants = experiment.Variants ?? [];
        if (interleave && variants.Count != 2)
        {
            problems.Add($"variants: interleaving merges exactly 2 rankings, {variants.Count} given");
        }
        else if (variants.Count < 2)
        {
            problems.Add($"variants: an experiment compares at least 2, {variants.Count} given");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < variants.Count; i++)
        {
            if (variants[i] is null)
            {
                problems.Add($"variants[{i}] is null");
                continue;
            }

            VariantProblems(variants[i], $"variants[{i}]", names, problems);
        }

        if (variants.Contains(null!))
        {
            return problems;
        }

        SharesProblems(variants, interleave, problems);
        if (experiment.Guardrail is { } guardrail)
        {
            GuardrailProblems(guardrail, problems);
        }

        return problems;
    }

    private static void VariantProblems(ExperimentVariant variant, string key, HashSet<string> names, List<string> problems)
    {
        if (!IsName(variant.Name, 32, lowerOnly: false))
        {
            problems.Add($"{key}.name '{variant.Name}' must match [A-Za-z0-9_-]{{1,32}}");
        }
        else if (!names.Add(variant.Name))
        {
            problems.Add($"{key}.name '{variant.Name}' is used twice");
        }

        if (!variant.IsLive && !variant.TryModelVersion(out _, out _))
        {
            problems.Add($"{key}.model '{variant.Model}' is neither '{ExperimentVariant.Live}' nor name:version");
        }

        if (variant.Share is { } share && !(share > 0 && share <= 1))
        {
            problems.Add($"{key}.share {Format(share)} must be above 0 and at most 1");
        }
    }

    private static void SharesProblems(IReadOnlyList<ExperimentVariant> variants, bool interleave, List<string> problems)
    {
        var given = 0;
        var sum = 0.0;
        foreach (var variant in variants)
        {
            if (variant.Share is { } share)
            {
                given++;
                sum += share;
            }
        }

        if (given == 0)
        {
            return;
        }

        if (interleave)
        {
            problems.Add("shares: an interleaving experiment shows both variants in every response; leave shares out");
        }
        else if (given != variants.Count)
        {
            problems.Add($"shares: {given} of {variants.Count} variants give a share; give all or none (equal split)");
        }
        else if (Math.Abs(sum - 1) > ShareTolerance)
        {
            problems.Add($"shares sum to {Format(sum)}, not 1");
        }
    }

    private static void GuardrailProblems(ExperimentGuardrail guardrail, List<string> problems)
    {
        if (guardrail.MaxFallbackRate is { } rate && !(rate > 0 && rate <= 1))
        {
            problems.Add($"guardrail.maxFallbackRate {Format(rate)} must be above 0 and at most 1");
        }

        if (guardrail.MaxP99Ms is { } p99 && !(p99 > 0 && double.IsFinite(p99)))
        {
            problems.Add($"guardrail.maxP99Ms {Format(p99)} must be a positive number of milliseconds");
        }

        if (guardrail.MaxFallbackRate is null && guardrail.MaxP99Ms is null)
        {
            problems.Add("guardrail: give maxFallbackRate, maxP99Ms or both");
        }

        if (guardrail.Window is < 10 or > 100_000)
        {
            problems.Add($"guardrail.window {guardrail.Window} must be from 10 to 100000 requests");
        }

        if (guardrail.MinRequests < 1 || guardrail.MinRequests > guardrail.Window)
        {
            problems.Add($"guardrail.minRequests {guardrail.MinRequests} must be from 1 to the window ({guardrail.Window})");
        }
    }

    private static bool IsName(string? text, int maxLength, bool lowerOnly)
    {
        if (string.IsNullOrEmpty(text) || text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' || (!lowerOnly && c is >= 'A' and <= 'Z');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
