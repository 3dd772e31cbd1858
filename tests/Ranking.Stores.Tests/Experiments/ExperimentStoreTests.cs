using Ranking.Core.Experiments;
using Ranking.Stores.Experiments;
using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

using static Ranking.Stores.Tests.Registry.RegistryRecords;

namespace Ranking.Stores.Tests.Experiments;

/// <summary>Both experiment stores hold to one contract: at most one running experiment per surface, stops kept.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class ExperimentStoreTests(DynaliteFixture dynalite) : IDisposable
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("ranking-experiment-store-").FullName;

    public static TheoryData<string> Stores => ["dynamo", "folder"];

    private async Task<IExperimentStore> StoreAsync(string kind) => kind == "dynamo"
        ? new DynamoExperimentStore(dynalite.Client, await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable), TimeProvider.System, Randomizers.Midpoint)
        : new FolderExperimentStore(Path.Combine(_folder, Guid.NewGuid().ToString("N")));

    private static Experiment Experiment(string id, string surface = "feed") => new()
    {
        Id = id,
        Surface = surface,
        Mode = ExperimentModes.AB,
        Variants = [new() { Name = "control", Model = "live", Share = 0.8 }, new() { Name = "treatment", Model = "feed-ltr:7", Share = 0.2 }],
        Salt = "pepper",
        Guardrail = new ExperimentGuardrail { MaxFallbackRate = 0.05, MaxP99Ms = 120, Window = 300, MinRequests = 50 },
        StartedAt = s_start,
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Start_ThenGet_RoundTripsEveryField(string kind)
    {
        var store = await StoreAsync(kind);
        Assert.Null(await store.GetAsync("feed", s_none));

        Assert.True(await store.TryStartAsync(Experiment("feed-dec"), s_none));
        var stored = await store.GetAsync("feed", s_none);

        Assert.Equal(ExperimentJson.Write(Experiment("feed-dec")), ExperimentJson.Write(stored!));
        Assert.True(stored!.IsRunning);
        Assert.Equal(0.2, stored.Variants[1].Share);
        Assert.Equal(120, stored.Guardrail!.MaxP99Ms);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Start_WhileOneRuns_IsRefused_AndAfterAStop_Succeeds(string kind)
    {
        var store = await StoreAsync(kind);
        Assert.True(await store.TryStartAsync(Experiment("first"), s_none));

        Assert.False(await store.TryStartAsync(Experiment("second"), s_none));
        Assert.Equal("first", (await store.GetAsync("feed", s_none))!.Id);
        Assert.True(await store.TryStartAsync(Experiment("other-surface", surface: "search"), s_none));

        var stopped = await store.StopAsync("feed", s_start.AddDays(2), s_none);
        Assert.Equal(s_start.AddDays(2), stopped!.StoppedAt);
        Assert.False((await store.GetAsync("feed", s_none))!.IsRunning);
        Assert.Null(await store.StopAsync("feed", s_start.AddDays(3), s_none));
        Assert.True(await store.TryStartAsync(Experiment("second"), s_none));
        Assert.Equal(["second", "other-surface"], (await store.ListAsync(s_none)).Select(e => e.Id));
    }

    [Fact]
    public async Task Start_RacingOnOneSurface_ExactlyOneWins()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var stores = Enumerable.Range(0, 8).Select(_ => new DynamoExperimentStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint)).ToList();

        var wins = await Task.WhenAll(stores.Select((s, i) => s.TryStartAsync(Experiment($"racer-{i}"), s_none)));

        Assert.Single(wins, w => w);
    }

    [Fact]
    public async Task ExperimentRows_AreNotModels_InTheRegistrysNameList()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var registry = new DynamoModelRegistry(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint);
        await registry.TryRegisterAsync(Version("feed-ltr", "1"), s_none);
        await new DynamoExperimentStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint).TryStartAsync(Experiment("feed-dec"), s_none);

        Assert.Equal(["feed-ltr"], await registry.ListNamesAsync(s_none));
    }

    [Fact]
    public async Task Get_OfADamagedFile_NamesTheFile()
    {
        var store = new FolderExperimentStore(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "feed.json"), "{\"id\": 3");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetAsync("feed", s_none));

        Assert.StartsWith($"{Path.Combine(_folder, "feed.json")}: not an experiment:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
