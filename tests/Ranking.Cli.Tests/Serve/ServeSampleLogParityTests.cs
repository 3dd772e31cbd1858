using Ranking.Testing.Contract;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ranking.Cli.Serve;
using Ranking.Testing.Seams;
using Ranking.Training.Marketplace;

namespace Ranking.Cli.Tests.Serve;

/// <summary>
/// The sample's impression logs carry the feature values <c>serve</c> computes: a logged session replayed as a rank
/// request (its user, query, context and <c>time</c>) over the sample's own items and users is logged by serve with
/// the same values, byte for byte.
/// </summary>
public sealed class ServeSampleLogParityTests : IDisposable
{
    private const int SessionsPerSurface = 6;
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-sample-parity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task LoggedSessions_ReplayedThroughServe_AreLoggedWithTheSameValues()
    {
        var data = Path.Combine(_directory, "marketplace");
        SampleGenerator.Write(SampleGenerator.Generate(new SampleGeneratorOptions { Users = 80, Items = 400, Sellers = 20, FeedSessions = 60, SearchSessions = 60 }), data);
        var logged = Records(Path.Combine(data, "logs"))
            .GroupBy(r => r.GetProperty("surface").GetString())
            .SelectMany(g => g.Take(SessionsPerSurface))
            .ToList();
        var serveLogs = Path.Combine(_directory, "serve-logs");
        var options = new ServeOptions { Port = 0, DataDirectory = data, ModelsDirectory = RepoPaths.Models, LogDirectory = serveLogs };

        var replayed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await using (var server = await LocalServer.StartAsync(options, new FixedTimeProvider(ServerFixture.Now), Randomizers.Midpoint, new ServerLog(TextWriter.Null, TextWriter.Null), CancellationToken.None))
        {
            using var client = ContractCheckingHandler.Client(server.Address);
            foreach (var record in logged)
            {
                using var response = await client.PostAsync(new Uri("/v1/rank", UriKind.Relative), new StringContent(RankRequest(record), System.Text.Encoding.UTF8, "application/json"));
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.True(response.IsSuccessStatusCode, body.RootElement.GetRawText());
                replayed.Add(body.RootElement.GetProperty("requestId").GetString()!, record);
            }
        }

        var served = Records(serveLogs);
        Assert.Equal(logged.Count, served.Count);
        var compared = 0;
        foreach (var record in served)
        {
            var original = replayed[record.GetProperty("impressionId").GetString()!];
            Assert.Equal(original.GetProperty("features").GetRawText(), record.GetProperty("features").GetRawText());
            Assert.Equal(original.GetProperty("time").GetString(), record.GetProperty("time").GetString());
            var values = original.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!, i => i.GetProperty("values").GetRawText(), StringComparer.Ordinal);
            foreach (var item in record.GetProperty("items").EnumerateArray())
            {
                var itemId = item.GetProperty("itemId").GetString()!;
                Assert.True(values[itemId] == item.GetProperty("values").GetRawText(), $"{itemId}: logged {values[itemId]}, served {item.GetProperty("values").GetRawText()}");
                compared++;
            }
        }

        // Serve drops items sold or hidden by the reference time; the rest of each session is compared.
        Assert.True(compared > logged.Count * 10, $"only {compared} items compared");
    }

    private static string RankRequest(JsonElement record)
    {
        var candidates = new JsonArray();
        foreach (var item in record.GetProperty("items").EnumerateArray())
        {
            candidates.Add(new JsonObject { ["itemId"] = item.GetProperty("itemId").GetString() });
        }

        var request = new JsonObject
        {
            ["surface"] = record.GetProperty("surface").GetString(),
            ["userId"] = record.GetProperty("userId").GetString(),
            ["context"] = JsonNode.Parse(record.GetProperty("context").GetRawText()),
            ["time"] = record.GetProperty("time").GetString(),
            ["candidates"] = candidates,
        };
        if (record.GetProperty("query").GetString() is { } query)
        {
            request["query"] = query;
        }

        return request.ToJsonString();
    }

    private static List<JsonElement> Records(string logs) =>
        [.. Directory.GetFiles(Path.Combine(logs, "impressions"), "*.jsonl", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines)
            .Select(line => JsonDocument.Parse(line).RootElement)];
}
