using System.Text.Json;
using Ranking.Stores.Registry;

namespace Ranking.Cli.Registry;

/// <summary>The <c>--json</c> shapes of the registry commands, written by hand: stable field names for scripts, no reflection.</summary>
internal static class ModelJson
{
    public static void WriteVersion(Utf8JsonWriter json, ModelVersionRecord record, bool live)
    {
        json.WriteStartObject();
        json.WriteString("name", record.Name);
        json.WriteString("version", record.Version);
        json.WriteString("status", record.Status.ToText());
        json.WriteBoolean("live", live);
        if (record.Reason is { } reason)
        {
            json.WriteString("reason", reason);
        }

        json.WriteString("sha256", record.Sha256);
        json.WriteString("location", record.Location);
        json.WriteStartObject("metrics");
        foreach (var (metric, value) in record.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(metric, value);
        }

        json.WriteEndObject();
        json.WriteString("publishedAt", record.PublishedAt);
        json.WriteString("updatedAt", record.UpdatedAt);
        json.WriteEndObject();
    }

    public static void WriteAlias(Utf8JsonWriter json, LiveAlias? alias)
    {
        if (alias is null)
        {
            json.WriteNull("live");
            return;
        }

        json.WriteStartObject("live");
        json.WriteString("version", alias.Version);
        json.WriteStartArray("history");
        foreach (var version in alias.History)
        {
            json.WriteStringValue(version);
        }

        json.WriteEndArray();
        json.WriteNumber("revision", alias.Revision);
        json.WriteString("updatedAt", alias.UpdatedAt);
        json.WriteEndObject();
    }
}
