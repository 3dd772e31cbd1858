using System.Globalization;
using System.Text.Json;
using Ranking.Training.Marketplace;

namespace Ranking.Training.Tests.Marketplace;

/// <summary>The sample's sessions as production impression and event logs, and the truth behind them.</summary>
public sealed class SampleLogsTests : IDisposable
{
    private static readonly SampleGeneratorOptions s_small = new() { Users = 80, Items = 400, Sellers = 20, FeedSessions = 150, SearchSessions = 150 };

    private static readonly string[] s_impressionFields =
        ["log", "impressionId", "time", "surface", "userId", "query", "context", "model", "fallback", "experiment", "features", "items", "part", "parts"];

    private static readonly string[] s_itemFields = ["itemId", "position", "score", "values"];

    private static readonly string[] s_eventFields = ["log", "type", "impressionId", "itemId", "userId", "time", "value", "receivedAt"];

    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-sample-logs-").FullName;
    private readonly MarketplaceSample _sample = SampleGenerator.Generate(s_small);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_LogsOneImpressionRecordPerSession_InTheProductionShape()
    {
        var output = Write("sample", logs: true);
        var sessions = _sample.Sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);

        var records = Records(output, "impressions");

        Assert.Equal(_sample.Sessions.Count, records.Count);
        foreach (var (folder, root) in records)
        {
            Assert.Equal(s_impressionFields, Names(root));
            var session = sessions[root.GetProperty("impressionId").GetString()!];
            var time = root.GetProperty("time").GetDateTimeOffset();
            Assert.Equal(session.Timestamp, time);
            Assert.Equal(HourFolder(time), folder);
            Assert.Equal("impression", root.GetProperty("log").GetString());
            Assert.Equal(session.Surface, root.GetProperty("surface").GetString());
            Assert.Equal(session.UserId, root.GetProperty("userId").GetString());
            Assert.Equal(session.Query, root.GetProperty("query").GetString());
            Assert.Equal(session.Context!["platform"].Text, root.GetProperty("context").GetProperty("platform").GetString());
            Assert.Equal("""{"name":"legacy","version":"1"}""", root.GetProperty("model").GetRawText());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("fallback").ValueKind);
            var features = root.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
            Assert.Equal(MarketplaceFeatures.For(session.Surface).Select(f => f.Name), features);
            var items = root.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal(session.Items, items.Select(i => i.GetProperty("itemId").GetString()!));
            for (var k = 0; k < items.Length; k++)
            {
                Assert.Equal(s_itemFields, Names(items[k]));
                Assert.Equal(k + 1, items[k].GetProperty("position").GetInt32());
                Assert.Equal(features.Length, items[k].GetProperty("values").GetArrayLength());
                Assert.All(items[k].GetProperty("values").EnumerateArray(), v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
            }

            // The legacy ranker sorted by its score, so the logged scores descend.
            var scores = items.Select(i => i.GetProperty("score").GetSingle()).ToArray();
            Assert.Equal(scores.OrderDescending(), scores);
            Assert.Equal(0, root.GetProperty("part").GetInt32());
            Assert.Equal(1, root.GetProperty("parts").GetInt32());
        }
    }

    [Fact]
    public void Write_LogsAnEventPerClickAndPurchase_PurchasesCarryThePrice()
    {
        var output = Write("sample", logs: true);
        var sessions = _sample.Sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        var prices = _sample.Items.ToDictionary(i => i.ItemId, i => i.Price, StringComparer.Ordinal);

        var records = Records(output, "events");

        Assert.Equal(_sample.Sessions.Sum(s => s.Clicks.Count + s.Purchases.Count), records.Count);
        var clicks = new HashSet<(string, string)>();
        var purchases = new HashSet<(string, string)>();
        foreach (var (folder, root) in records)
        {
            Assert.Equal(s_eventFields, Names(root));
            Assert.Equal("event", root.GetProperty("log").GetString());
            var session = sessions[root.GetProperty("impressionId").GetString()!];
            var itemId = root.GetProperty("itemId").GetString()!;
            var time = root.GetProperty("time").GetDateTimeOffset();
            Assert.Equal(HourFolder(time), folder);
            Assert.Equal(root.GetProperty("time").GetString(), root.GetProperty("receivedAt").GetString());
            Assert.Equal(session.UserId, root.GetProperty("userId").GetString());
            Assert.InRange(time - session.Timestamp, TimeSpan.FromSeconds(1), TimeSpan.FromHours(2));
            var position = session.Items.ToList().IndexOf(itemId);
            switch (root.GetProperty("type").GetString())
            {
                case "click":
                    Assert.Contains(position, session.Clicks);
                    Assert.Equal(JsonValueKind.Null, root.GetProperty("value").ValueKind);
                    Assert.True(clicks.Add((session.SessionId, itemId)));
                    break;
                case "purchase":
                    Assert.Contains(position, session.Purchases);
                    Assert.Equal(prices[itemId], root.GetProperty("value").GetDouble());
                    Assert.True(purchases.Add((session.SessionId, itemId)));
                    break;
                default:
                    Assert.Fail(root.GetRawText());
                    break;
            }
        }
    }

    [Fact]
    public void Write_TruthHasARowPerShownItem_WithTheProbabilitiesDrawnFrom()
    {
        var output = Write("sample", logs: true);

        var rows = File.ReadAllLines(Path.Combine(output, "truth", "truth.jsonl"));

        Assert.Equal(_sample.Sessions.Sum(s => s.Items.Count), rows.Length);
        var r = 0;
        foreach (var session in _sample.Sessions)
        {
            for (var k = 0; k < session.Items.Count; k++, r++)
            {
                using var row = JsonDocument.Parse(rows[r]);
                var root = row.RootElement;
                Assert.Equal(session.SessionId, root.GetProperty("impressionId").GetString());
                Assert.Equal(session.Items[k], root.GetProperty("itemId").GetString());
                Assert.Equal(k + 1, root.GetProperty("position").GetInt32());
                Assert.Equal(Math.Pow(k + 1, -0.5), root.GetProperty("examination").GetDouble());
                Assert.InRange(root.GetProperty("clickGivenExamined").GetDouble(), 0, 1);
                Assert.InRange(root.GetProperty("purchaseGivenClick").GetDouble(), 0, 1);
                var intent = root.GetProperty("intent");
                if (session.Surface == "search")
                {
                    Assert.Equal(session.Query, intent.GetProperty("query").GetString());
                    Assert.EndsWith(intent.GetProperty("category").GetString()!, session.Query, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(JsonValueKind.Null, intent.ValueKind);
                }
            }
        }
    }

    [Fact]
    public void Write_TruthClickProbabilities_PredictTheClicks()
    {
        var output = Write("sample", logs: true);
        var expected = 0.0;
        foreach (var line in File.ReadLines(Path.Combine(output, "truth", "truth.jsonl")))
        {
            using var row = JsonDocument.Parse(line);
            expected += row.RootElement.GetProperty("examination").GetDouble() * row.RootElement.GetProperty("clickGivenExamined").GetDouble();
        }

        var clicks = _sample.Sessions.Sum(s => s.Clicks.Count);

        // The clicks were drawn from these probabilities: their sum is the expected count, within a few standard deviations.
        Assert.InRange(clicks, expected - (4 * Math.Sqrt(expected)), expected + (4 * Math.Sqrt(expected)));
    }

    [Fact]
    public void Write_SameSeedTwice_IsByteIdenticalInEveryFile()
    {
        var first = Write("first", logs: true);
        var second = Write("second", logs: true);

        var files = Files(first);
        Assert.Equal(files, Files(second));
        Assert.Contains(files, f => f.StartsWith("logs/events/dt=", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(first, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, file))), file);
        }
    }

    [Fact]
    public void Write_WithLogs_LeavesTheOtherFilesAsWithout()
    {
        var without = Write("without", logs: false);
        var with = Write("with", logs: true);

        Assert.Equal(Files(without), Files(with).Where(f => !f.StartsWith("logs/", StringComparison.Ordinal) && !f.StartsWith("truth/", StringComparison.Ordinal)));
        foreach (var file in Files(without))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(without, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(with, file))), file);
        }
    }

    [Fact]
    public void Write_Again_ReplacesThePreviousLogs()
    {
        var output = Write("sample", logs: true);
        SampleGenerator.Write(SampleGenerator.Generate(new SampleGeneratorOptions { Seed = 8, Users = 80, Items = 400, Sellers = 20, FeedSessions = 10, SearchSessions = 10 }), output);

        Assert.Equal(20, Records(output, "impressions").Count);
    }

    [Fact]
    public void Write_WithoutLogs_RemovesThoseOfAPreviousRun()
    {
        var output = Write("sample", logs: true);

        Write("sample", logs: false);

        Assert.DoesNotContain(Files(output), f => f.StartsWith("logs/", StringComparison.Ordinal) || f.StartsWith("truth/", StringComparison.Ordinal));
    }

    private string Write(string name, bool logs)
    {
        var output = Path.Combine(_directory, name);
        SampleGenerator.Write(_sample, output, logs);
        return output;
    }

    private static List<(string Folder, JsonElement Root)> Records(string output, string log)
    {
        var root = Path.Combine(output, "logs", log);
        var records = new List<(string, JsonElement)>();
        foreach (var file in Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            Assert.Equal("sample.jsonl", Path.GetFileName(file));
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/');
            foreach (var line in File.ReadLines(file))
            {
                using var document = JsonDocument.Parse(line);
                records.Add((folder, document.RootElement.Clone()));
            }
        }

        return records;
    }

    private static string HourFolder(DateTimeOffset time) =>
        time.UtcDateTime.ToString("'dt='yyyy-MM-dd'/hour='HH", CultureInfo.InvariantCulture);

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static string[] Files(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}
