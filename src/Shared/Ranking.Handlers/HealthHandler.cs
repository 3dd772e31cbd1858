using Ranking.Handlers.Http;
using Ranking.Handlers.Models;

namespace Ranking.Handlers;

/// <summary>
/// <c>GET /v1/health</c>: the model serving each surface. A surface without a model still answers (in fallback
/// order), so health stays 200, says <c>degraded</c> and names the unavailable model and why.
/// </summary>
public sealed class HealthHandler(ModelCatalog catalog)
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

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
