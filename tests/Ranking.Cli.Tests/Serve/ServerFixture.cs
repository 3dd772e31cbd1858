using Ranking.Testing.Contract;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Serve;
using Ranking.Core.Data;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Testing.Seams;

namespace Ranking.Cli.Tests.Serve;

/// <summary>
/// A real <c>ranking serve</c> (Kestrel on an ephemeral loopback port) over a small marketplace written to a
/// temporary folder, with the given models folder (an empty one means every surface falls back).
/// </summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private readonly string _directory;

    private ServerFixture(string directory, LocalServer server)
    {
        _directory = directory;
        Server = server;
        Client = ContractCheckingHandler.Client(server.Address);
    }

    /// <summary>The server's clock is pinned so item ages, and so scores, do not move between two requests.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    internal LocalServer Server { get; }
    public HttpClient Client { get; }

    /// <param name="output">Where serve's model lines go; nowhere by default.</param>
    /// <param name="logDirectory">Where the record logs go; by default a folder deleted with the fixture.</param>
    public static async Task<ServerFixture> StartAsync(
        string? modelsDirectory = null, int maxCandidates = 1000, int maxBodyBytes = 1024 * 1024, string? shadow = null, TextWriter? output = null, string? logDirectory = null)
    {
        var directory = Directory.CreateTempSubdirectory("ranking-serve-").FullName;
        var data = WriteMarketplace(Path.Combine(directory, "marketplace"));
        var models = modelsDirectory ?? Directory.CreateDirectory(Path.Combine(directory, "models")).FullName;
        var options = new ServeOptions
        {
            Port = 0,
            DataDirectory = data,
            ModelsDirectory = models,
            Ranking = new Handlers.RankingOptions { MaxCandidates = maxCandidates, MaxBodyBytes = maxBodyBytes },
            Shadow = shadow,
            LogDirectory = logDirectory ?? Path.Combine(directory, "logs"),
        };
        return new ServerFixture(directory, await LocalServer.StartAsync(options, new FixedTimeProvider(Now), Randomizers.Midpoint, new ServerLog(output ?? TextWriter.Null, TextWriter.Null), CancellationToken.None));
    }

    /// <summary>Four items (one sold), one user and her feed, as the JSONL files serve and load read.</summary>
    public static string WriteMarketplace(string data)
    {
        Directory.CreateDirectory(data);
        RecordJsonl.WriteItems(Path.Combine(data, "items.jsonl"), SampleItems());
        RecordJsonl.WriteUsers(Path.Combine(data, "users.jsonl"), [new UserRecord { UserId = "u_1", BrandAffinity = new() { ["levis"] = 1 } }]);
        RecordJsonl.WriteFeeds(Path.Combine(data, "feeds.jsonl"), [new FeedRecord { UserId = "u_1", Surface = "feed", Candidates = ["i_1", "i_2", "i_3"], CandidatesVersion = 1 }]);
        return data;
    }

    public static IEnumerable<ItemRecord> SampleItems() =>
    [
        new ItemRecord { ItemId = "i_1", SellerId = "s_1", Title = "levis 501 jeans", Brand = "levis", Category = "jeans", Size = "M", Price = 40, ListedAt = Now.AddDays(-3), Numbers = new() { ["likes"] = 3 } },
        new ItemRecord { ItemId = "i_2", SellerId = "s_2", Title = "zara dress", Brand = "zara", Category = "dresses", Size = "S", Price = 15, ListedAt = Now.AddDays(-1), Numbers = new() { ["likes"] = 30 } },
        new ItemRecord { ItemId = "i_3", SellerId = "s_1", Title = "nike trainers", Brand = "nike", Category = "shoes", Size = "42", Price = 60, ListedAt = Now.AddDays(-9), Numbers = new() { ["likes"] = 10 } },
        new ItemRecord { ItemId = "i_sold", SellerId = "s_3", Status = ItemStatus.Sold, Title = "sold coat", Brand = "mango", Category = "coats", Size = "L", Price = 80 },
    ];

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> PostRankAsync(string json) => SendAsync(HttpMethod.Post, "/v1/rank", json);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
