using System.Text.Json;
using Ranking.Core.Ranking;
using Ranking.Handlers.Http;
using Ranking.Handlers.Models;

namespace Ranking.Handlers.Rank;

/// <summary>The 200 body of <c>POST /v1/rank</c>, as DESIGN.md specifies it.</summary>
internal static class RankResponseWriter
{
    public static ApiResponse Write(string requestId, SurfaceModel surface, RankResult result, double totalMs) => JsonBody.Write(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("requestId", requestId);
        w.WriteString("surface", surface.Surface);
        WriteModelAndFallback(w, result.Model, result.Fallback);

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

        var names = surface.Model?.Plan.Features;
        w.WriteStartArray("items");
        foreach (var item in result.Items)
        {
            w.WriteStartObject();
            w.WriteString("itemId", item.ItemId);
            JsonBody.WriteRounded(w, "score", item.Score, 6);
            w.WriteNumber("rank", item.Rank);
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

    /// <summary><c>"model": {name, version} | null, "fallback": {reason} | null</c>, as the response and the impression record both carry them.</summary>
    internal static void WriteModelAndFallback(Utf8JsonWriter w, RankingModel? model, string? fallback) =>
        WriteModelAndFallback(w, model?.Name, model?.Version, fallback);

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
