using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

using static Ranking.Stores.Tests.Registry.RegistryRecords;

namespace Ranking.Stores.Tests.Registry;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoModelRegistryTests(DynaliteFixture dynalite)
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task Register_ThenGet_RoundTripsEveryField()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        var record = Version(name, "3");

        Assert.True(await registry.TryRegisterAsync(record, s_none));
        var stored = await registry.GetAsync(name, "3", s_none);

        Assert.NotNull(stored);
        Assert.Equal(ModelStatus.Published, stored.Status);
        Assert.Equal(record.Sha256, stored.Sha256);
        Assert.Equal(record.Location, stored.Location);
        Assert.Equal(record.Metrics, stored.Metrics);
        Assert.Equal(record.PublishedAt, stored.PublishedAt);
        Assert.Null(stored.Reason);
    }

    [Fact]
    public async Task Register_StoresStatusLowerCase()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var registry = new DynamoModelRegistry(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint);
        var name = NewName();

        await registry.TryRegisterAsync(Version(name, "1", ModelStatus.Validated), s_none);
        var item = await dynalite.Client.GetItemAsync(table, new() { ["name"] = new AttributeValue(name), ["version"] = new AttributeValue("1") });

        Assert.Equal("validated", item.Item["status"].S);
    }

    [Fact]
    public async Task Register_ExistingVersion_ReturnsFalseAndKeepsTheFirst()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await registry.TryRegisterAsync(Version(name, "1"), s_none);

        var again = await registry.TryRegisterAsync(Version(name, "1", ModelStatus.Validated), s_none);

        Assert.False(again);
        Assert.Equal(ModelStatus.Published, (await registry.GetAsync(name, "1", s_none))!.Status);
    }

    [Fact]
    public async Task Register_AliasLikeVersion_IsRefused()
    {
        var registry = await NewRegistryAsync(dynalite);

        await Assert.ThrowsAsync<ArgumentException>(() => registry.TryRegisterAsync(Version(NewName(), "alias#live"), s_none));
    }

    [Fact]
    public async Task Get_UnknownVersion_ReturnsNull()
    {
        var registry = await NewRegistryAsync(dynalite);

        Assert.Null(await registry.GetAsync(NewName(), "1", s_none));
        Assert.Null(await registry.GetLiveAsync(NewName(), s_none));
    }

    [Fact]
    public async Task List_OrdersVersionsNumericallyAndLeavesOutTheAlias()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("10", ModelStatus.Validated), ("2", ModelStatus.Validated), ("9", ModelStatus.Published));
        Assert.Equal(RegistryOutcome.Done, (await registry.PromoteAsync(name, "2", s_none)).Outcome);

        var versions = await registry.ListAsync(name, s_none);

        Assert.Equal(["2", "9", "10"], versions.Select(v => v.Version));
    }

    [Fact]
    public async Task List_ComparesEveryDigitRunAsANumber()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("v10", ModelStatus.Published), ("v9", ModelStatus.Published), ("v1.10", ModelStatus.Published), ("v1.9", ModelStatus.Published));

        var versions = await registry.ListAsync(name, s_none);

        Assert.Equal(["v1.9", "v1.10", "v9", "v10"], versions.Select(v => v.Version));
    }

    [Fact]
    public async Task ListNames_ReturnsEachNameOnceInOrder()
    {
        var registry = await NewRegistryAsync(dynalite);
        await SeedAsync(registry, "search-ltr", ("1", ModelStatus.Published), ("2", ModelStatus.Validated));
        await SeedAsync(registry, "feed-ltr", ("1", ModelStatus.Validated));
        await registry.PromoteAsync("feed-ltr", "1", s_none);

        Assert.Equal(["feed-ltr", "search-ltr"], await registry.ListNamesAsync(s_none));
    }

    [Fact]
    public async Task UpdateStatus_FromExpected_MovesItAndKeepsTheReason()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Published));

        Assert.True(await registry.TryUpdateStatusAsync(name, "1", ModelStatus.Published, ModelStatus.Rejected, "sha256 mismatch", s_none));
        var stored = await registry.GetAsync(name, "1", s_none);

        Assert.Equal(ModelStatus.Rejected, stored!.Status);
        Assert.Equal("sha256 mismatch", stored.Reason);
    }

    [Fact]
    public async Task UpdateStatus_FromWrongExpected_ReturnsFalseAndWritesNothing()
    {
        var time = new ManualTimeProvider();
        var registry = await NewRegistryAsync(dynalite, time);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Published));
        var before = await registry.GetAsync(name, "1", s_none);
        time.Advance(TimeSpan.FromMinutes(5));

        var moved = await registry.TryUpdateStatusAsync(name, "1", ModelStatus.Validated, ModelStatus.Rejected, "worse", s_none);
        var after = await registry.GetAsync(name, "1", s_none);

        Assert.False(moved);
        Assert.Equal(ModelStatus.Published, after!.Status);
        Assert.Null(after.Reason);
        Assert.Equal(before!.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task UpdateStatus_OfMissingVersion_ReturnsFalseAndCreatesNothing()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();

        Assert.False(await registry.TryUpdateStatusAsync(name, "7", ModelStatus.Published, ModelStatus.Validated, null, s_none));
        Assert.Empty(await registry.ListAsync(name, s_none));
    }

    [Fact]
    public async Task UpdateStatus_ToOrFromLive_IsRefused()
    {
        var registry = await NewRegistryAsync(dynalite);

        await Assert.ThrowsAsync<ArgumentException>(() => registry.TryUpdateStatusAsync("m", "1", ModelStatus.Validated, ModelStatus.Live, null, s_none));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.TryUpdateStatusAsync("m", "1", ModelStatus.Live, ModelStatus.Retired, null, s_none));
    }

    [Fact]
    public async Task UpdateStatus_WithoutReason_ClearsTheOldReason()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Published));
        await registry.TryUpdateStatusAsync(name, "1", ModelStatus.Published, ModelStatus.Rejected, "too slow", s_none);

        Assert.True(await registry.TryUpdateStatusAsync(name, "1", ModelStatus.Rejected, ModelStatus.Validated, null, s_none));

        Assert.Null((await registry.GetAsync(name, "1", s_none))!.Reason);
    }
}
