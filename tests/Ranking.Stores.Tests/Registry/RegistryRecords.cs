using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Registry;

internal static class RegistryRecords
{
    public static string NewName() => "m-" + Guid.NewGuid().ToString("N")[..12];

    public static ModelVersionRecord Version(string name, string version, ModelStatus status = ModelStatus.Published) => new()
    {
        Name = name,
        Version = version,
        Status = status,
        Sha256 = new string('a', 64),
        Location = $"s3://bucket/models/{name}/{version}/",
        Metrics = new(StringComparer.Ordinal) { ["ndcg@10"] = 0.5 + (version.Length / 100.0) },
        PublishedAt = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero),
    };

    public static async Task<DynamoModelRegistry> NewRegistryAsync(DynaliteFixture dynalite, TimeProvider? time = null) =>
        new(dynalite.Client, await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable), time ?? TimeProvider.System, Randomizers.Midpoint);

    /// <summary>Registers each version with its status as given (test set-up; production goes through the status moves).</summary>
    public static async Task SeedAsync(IModelRegistry registry, string name, params (string Version, ModelStatus Status)[] versions)
    {
        foreach (var (version, status) in versions)
        {
            Assert.True(await registry.TryRegisterAsync(Version(name, version, status), CancellationToken.None));
        }
    }

    /// <summary>The invariant every move must leave: the alias's version is live and no other version is.</summary>
    public static async Task AssertConsistentAsync(IModelRegistry registry, string name)
    {
        var live = await registry.GetLiveAsync(name, CancellationToken.None);
        var versions = await registry.ListAsync(name, CancellationToken.None);
        var liveVersions = versions.Where(v => v.Status == ModelStatus.Live).Select(v => v.Version).ToList();
        Assert.NotNull(live);
        Assert.Equal([live.Version], liveVersions);
    }
}
