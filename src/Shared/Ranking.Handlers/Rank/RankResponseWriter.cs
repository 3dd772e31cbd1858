using System.Text.Json;
using Ranking.Core.Ranking;
using Ranking.Handlers.Experiments;
using Ranking.Handlers.Http;

namespace Ranking.Handlers.Rank;

/// <summary>The 200 body of <c>POST /v1/rank</c>, as DESIGN.md specifies it.</summary>
internal static class RankResponseWriter
{
    /// <param name="filledBy">The model whose plan computed the features (the one chosen to rank; also on a fallback), for the explained features' names.</param>
    /// <param name="experiment">The experiment and variant that served the request, or null.</param>
    public static ApiResponse Write(string requestId, string surface, RankResult result, double totalMs, RankingModel? filledBy, ExperimentTag? experiment) => JsonBody.Write(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("requestId", requestId);
        w.WriteString("surface", surface);
        WriteModelAndFallback(w, result.Model, result.Fallback);
        if (experiment is not null)
        {
            WriteExperiment(w, experiment);
        }

        if (result.Explanation is { } explanation)
        {
            w.WriteStartObject("explanation");
            if (explanation.Base is { } baseValue)
            {
                JsonBody.WriteRounded(w, "base", baseValue, 6);
            }
            else
            {
                w.WriteNull("base");
                w.WriteString("unavailable", explanation.Unavailable);
            }

            w.WriteEndObject();
        }

        var names = filledBy?.Plan.Features;
        w.WriteStartArray("items");
        foreach (var item in result.Items)
        {
            w.WriteStartObject();
            w.WriteString("itemId", item.ItemId);
            JsonBody.WriteRounded(w, "score", item.Score, 6);
            w.WriteNumber("rank", item.Rank);
            if (item.Team is { } team)
            {
                w.WriteString("team", team);
            }
            if (item.Features is { } values && names is not null)
            {
                w.WriteStartObject("features");
                for (var f = 0; f < values.Length; f++)
                {
                    JsonBody.WriteRounded(w, names[f].Name, values[f], 6);
                }

                w.WriteEndObject();
            }

            if (item.Contributions is { } contributions && names is not null)
            {
                w.WriteStartObject("contributions");
                for (var f = 0; f < contributions.Length; f++)
                {
                    JsonBody.WriteRounded(w, names[f].Name, contributions[f], 6);
                }

                w.WriteEndObject();
                if (item.Boost != 0)
                {
                    JsonBody.WriteRounded(w, "boost", item.Boost, 6);
                }
            }

            if (item.Rules is { } rules)
            {
                WriteRules(w, rules);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("removed");
        foreach (var removed in result.Removed)
        {
            w.WriteStartObject();
            w.WriteString("itemId", removed.ItemId);
            w.WriteString("reason", removed.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("timingsMs");
        JsonBody.WriteRounded(w, "features", result.Timings.FeaturesMs, 3);
        JsonBody.WriteRounded(w, "scoring", result.Timings.ScoringMs, 3);
        JsonBody.WriteRounded(w, "rules", result.Timings.RulesMs, 3);
        if (result.Explanation is not null)
        {
            JsonBody.WriteRounded(w, "explain", result.Timings.ExplainMs, 3);
        }

        JsonBody.WriteRounded(w, "total", totalMs, 3);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary><c>"rules": {boosts: {name: add}, demotedBy: {attribute, max, window}, pinned: position}</c>, each only when it applied.</summary>
    private static void WriteRules(Utf8JsonWriter w, AppliedRules rules)
    {
        w.WriteStartObject("rules");
        if (rules.Boosts.Count > 0)
        {
            w.WriteStartObject("boosts");
            foreach (var boost in rules.Boosts)
            {
                JsonBody.WriteRounded(w, boost.Name, boost.Add, 6);
            }

            w.WriteEndObject();
        }

        if (rules.DemotedBy is { } cap)
        {
            w.WriteStartObject("demotedBy");
            w.WriteString("attribute", cap.Attribute);
            w.WriteNumber("max", cap.Max);
            w.WriteNumber("window", cap.Window);
            w.WriteEndObject();
        }

        if (rules.Pinned is { } position)
        {
            w.WriteNumber("pinned", position);
        }

        w.WriteEndObject();
    }

    /// <summary><c>"model": {name, version} | null, "fallback": {reason} | null</c>, as the response and the impression record both carry them.</summary>
    internal static void WriteModelAndFallback(Utf8JsonWriter w, RankingModel? model, string? fallback) =>
        WriteModelAndFallback(w, model?.Name, model?.Version, fallback);

    /// <summary><c>"experiment": {id, variant, mode}</c>, as the response and the impression record both carry it.</summary>
    internal static void WriteExperiment(Utf8JsonWriter w, ExperimentTag experiment)
    {
        w.WriteStartObject("experiment");
        w.WriteString("id", experiment.Id);
        w.WriteString("variant", experiment.Variant);
        w.WriteString("mode", experiment.Mode);
        w.WriteEndObject();
    }

    /// <param name="modelName">Null writes <c>"model": null</c>.</param>
    internal static void WriteModelAndFallback(Utf8JsonWriter w, string? modelName, string? modelVersion, string? fallback)
    {
        if (modelName is not null)
        {
            w.WriteStartObject("model");
            w.WriteString("name", modelName);
            w.WriteString("version", modelVersion);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("model");
        }

        if (fallback is { } reason)
        {
            w.WriteStartObject("fallback");
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("fallback");
        }
    }
}
