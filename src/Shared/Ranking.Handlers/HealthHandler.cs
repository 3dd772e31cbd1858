using Ranking.Handlers.Experiments;
using Ranking.Handlers.Http;
using Ranking.Handlers.Models;

namespace Ranking.Handlers;

/// <summary>
/// <c>GET /v1/health</c>: the model serving each surface. A surface without a model still answers (in fallback
/// order), so health stays 200, says <c>degraded</c> and names the unavailable model and why. Newer versions that
/// were passed over (a corrupt package, a failed gate) are listed with the reason; where the host ran the gates, the
/// live version's gate decisions too. A running experiment is listed with each variant's guardrail state.
/// </summary>
public sealed class HealthHandler(ModelCatalog catalog, IModelLocator? locator = null)
{
    public ApiResponse Handle() => JsonBody.Write(200, w =>
    {
        var degraded = catalog.Surfaces.Any(s => s.Model is null);
        w.WriteStartObject();
        w.WriteString("status", degraded ? "degraded" : "ok");
        w.WriteStartArray("models");
        foreach (var surface in catalog.Surfaces)
        {
            w.WriteStartObject();
            w.WriteString("surface", surface.Surface);
            w.WriteString("name", surface.ModelName);
            if (surface.Model is { } model)
            {
                w.WriteString("version", model.Version);
            }
            else
            {
                w.WriteNull("version");
                w.WriteString("status", "unavailable");
                w.WriteString("error", surface.Unavailable);
            }

            if (surface.Model is { } live && locator?.Gates(live.Name, live.Version) is { Count: > 0 } gates)
            {
                w.WriteGates(gates);
            }

            if (surface.Experiment is { } experiment)
            {
                WriteExperiment(w, experiment);
            }

            if (locator?.Skipped(surface.ModelName) is { Count: > 0 } skipped)
            {
                w.WriteStartArray("skipped");
                foreach (var version in skipped)
                {
                    w.WriteStartObject();
                    w.WriteString("version", version.Version);
                    w.WriteString("reason", version.Reason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteExperiment(System.Text.Json.Utf8JsonWriter w, RunningExperiment experiment)
    {
        var definition = experiment.Definition;
        w.WriteStartObject("experiment");
        w.WriteString("id", definition.Id);
        w.WriteString("mode", definition.Mode);
        w.WriteStartArray("variants");
        for (var i = 0; i < definition.Variants.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", definition.Variants[i].Name);
            var stopped = experiment.Guard?.TrippedBecause(i);
            w.WriteString("status", stopped is null ? "serving" : "stopped");
            if (stopped is not null)
            {
                w.WriteString("reason", stopped);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
