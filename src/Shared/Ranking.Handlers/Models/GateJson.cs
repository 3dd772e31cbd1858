using System.Text.Json;
using Ranking.Core.Validation;

namespace Ranking.Handlers.Models;

/// <summary>Gate decisions as JSON, one shape for health and the CLI: <c>"gates": [{gate, passed, detail}]</c>.</summary>
public static class GateJson
{
    public static void WriteGates(this Utf8JsonWriter w, IEnumerable<GateOutcome> gates)
    {
        w.WriteStartArray("gates");
        foreach (var gate in gates)
        {
            w.WriteStartObject();
            w.WriteString("gate", gate.Gate);
            w.WriteBoolean("passed", gate.Passed);
            w.WriteString("detail", gate.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
