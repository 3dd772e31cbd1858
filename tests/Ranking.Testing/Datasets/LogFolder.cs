using System.Globalization;
using System.Text;

namespace Ranking.Testing.Datasets;

/// <summary>
/// A temporary <c>serve --log-dir</c> folder: lines appended to <c>{log}/dt=YYYY-MM-DD/hour=HH/{file}</c>, impression and
/// event records in the shape the writers give them.
/// </summary>
public sealed class LogFolder : IDisposable
{
    public LogFolder() => Path = Directory.CreateTempSubdirectory("ranking-dataset-logs-").FullName;

    public string Path { get; }

    public string Output => System.IO.Path.Combine(Path, "out", "dataset.parquet");

    /// <returns>The file's path relative to the folder, as the build reports it.</returns>
    public string Append(string log, string day, string line, int hour = 10, string file = "serve-1.jsonl")
    {
        var relative = System.IO.Path.Combine(log, $"dt={day}", string.Create(CultureInfo.InvariantCulture, $"hour={hour:D2}"), file);
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.AppendAllText(full, line + "\n", new UTF8Encoding(false));
        return relative;
    }

    public string Impression(string day, string line, int hour = 10) => Append("impressions", day, line, hour);

    public string Event(string day, string line, int hour = 10) => Append("events", day, line, hour);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>An impression record as ImpressionRecordWriter writes it; items are (itemId, values) at positions from <paramref name="firstPosition"/>.</summary>
    public static string ImpressionRecord(
        string id, string time, string[] features, (string ItemId, string Values)[] items, string surface = "feed", int part = 0, int parts = 1, int firstPosition = 1, string version = "7")
    {
        var itemsJson = string.Join(',', items.Select((item, i) => string.Create(
            CultureInfo.InvariantCulture, $$"""{"itemId":"{{item.ItemId}}","position":{{firstPosition + i}},"score":{{1.5 - (0.1 * i)}},"values":[{{item.Values}}]}""")));
        var featuresJson = string.Join(',', features.Select(f => $"\"{f}\""));
        return string.Create(CultureInfo.InvariantCulture, $$"""{"log":"impression","impressionId":"{{id}}","time":"{{time}}","surface":"{{surface}}","userId":"u_1","query":null,"context":{"platform":"ios"},"model":{"name":"feed-ltr","version":"{{version}}"},"fallback":null,"features":[{{featuresJson}}],"items":[{{itemsJson}}],"part":{{part}},"parts":{{parts}}}""");
    }

    /// <summary>An event record in the Events API writer's shape.</summary>
    public static string EventRecord(string type, string? impressionId, string itemId, string time) =>
        $$"""{"log":"event","type":"{{type}}","impressionId":{{(impressionId is null ? "null" : $"\"{impressionId}\"")}},"itemId":"{{itemId}}","userId":"u_1","time":"{{time}}","value":null,"receivedAt":"{{time}}"}""";
}
