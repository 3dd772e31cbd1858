using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

using static Ranking.Stores.Tests.Registry.RegistryRecords;

namespace Ranking.Stores.Tests.Registry;

[Collection(DynaliteCollection.Name)]
public sealed class RegistryPromotionTests(DynaliteFixture dynalite)
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task Promote_FirstVersion_CreatesTheAliasAtRevision1()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated));

        var result = await registry.PromoteAsync(name, "1", s_none);

        Assert.Equal(RegistryOutcome.Done, result.Outcome);
        Assert.Equal("1", result.Live!.Version);
        Assert.Equal(1, result.Live.Revision);
        Assert.Empty(result.Live.History);
        Assert.Equal(ModelStatus.Live, (await registry.GetAsync(name, "1", s_none))!.Status);
    }

    [Fact]
    public async Task Promote_SecondVersion_RetiresTheFirstAndRemembersIt()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);

        var result = await registry.PromoteAsync(name, "2", s_none);

        Assert.Equal(RegistryOutcome.Done, result.Outcome);
        var live = await registry.GetLiveAsync(name, s_none);
        Assert.Equal("2", live!.Version);
        Assert.Equal(["1"], live.History);
        Assert.Equal(2, live.Revision);
        Assert.Equal(ModelStatus.Retired, (await registry.GetAsync(name, "1", s_none))!.Status);
        await AssertConsistentAsync(registry, name);
    }

    [Theory]
    [InlineData(ModelStatus.Published)]
    [InlineData(ModelStatus.Rejected)]
    public async Task Promote_VersionNotValidated_IsWrongStatusAndWritesNothing(ModelStatus status)
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", status));

        var result = await registry.PromoteAsync(name, "1", s_none);

        Assert.Equal(RegistryOutcome.WrongStatus, result.Outcome);
        Assert.Null(await registry.GetLiveAsync(name, s_none));
        Assert.Equal(status, (await registry.GetAsync(name, "1", s_none))!.Status);
    }

    [Fact]
    public async Task Promote_UnknownVersion_IsNotFound()
    {
        var registry = await NewRegistryAsync(dynalite);

        Assert.Equal(RegistryOutcome.NotFound, (await registry.PromoteAsync(NewName(), "1", s_none)).Outcome);
    }

    [Fact]
    public async Task Promote_RetiredVersion_ReturnsItToLive()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);
        await registry.PromoteAsync(name, "2", s_none);

        var result = await registry.PromoteAsync(name, "1", s_none);

        Assert.Equal(RegistryOutcome.Done, result.Outcome);
        Assert.Equal("1", result.Live!.Version);
        Assert.Equal(["2"], result.Live.History);
        await AssertConsistentAsync(registry, name);
    }

    [Fact]
    public async Task Promote_TheLiveVersion_IsDoneWithoutMovingTheAlias()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);

        var result = await registry.PromoteAsync(name, "1", s_none);

        Assert.Equal(RegistryOutcome.Done, result.Outcome);
        Assert.Equal(1, result.Live!.Revision);
    }

    [Fact]
    public async Task Rollback_MovesTheAliasToThePreviousLiveVersion()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated), ("3", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);
        await registry.PromoteAsync(name, "2", s_none);
        await registry.PromoteAsync(name, "3", s_none);

        var first = await registry.RollbackAsync(name, s_none);
        var second = await registry.RollbackAsync(name, s_none);

        Assert.Equal(RegistryOutcome.Done, first.Outcome);
        Assert.Equal("2", first.Live!.Version);
        Assert.Equal(RegistryOutcome.Done, second.Outcome);
        Assert.Equal("1", second.Live!.Version);
        Assert.Empty(second.Live.History);
        Assert.Equal(ModelStatus.Retired, (await registry.GetAsync(name, "3", s_none))!.Status);
        Assert.Equal(ModelStatus.Retired, (await registry.GetAsync(name, "2", s_none))!.Status);
        await AssertConsistentAsync(registry, name);
    }

    [Fact]
    public async Task Rollback_WithEmptyHistory_IsNothingToRollBackTo()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);

        var result = await registry.RollbackAsync(name, s_none);

        Assert.Equal(RegistryOutcome.NothingToRollBackTo, result.Outcome);
        Assert.Equal(1, (await registry.GetLiveAsync(name, s_none))!.Revision);
        Assert.Equal(ModelStatus.Live, (await registry.GetAsync(name, "1", s_none))!.Status);
    }

    [Fact]
    public async Task Rollback_WithNoAlias_IsNothingToRollBackTo()
    {
        var registry = await NewRegistryAsync(dynalite);

        Assert.Equal(RegistryOutcome.NothingToRollBackTo, (await registry.RollbackAsync(NewName(), s_none)).Outcome);
    }

    [Fact]
    public async Task Rollback_ToARejectedVersion_IsWrongStatusAndLeavesTheAlias()
    {
        var registry = await NewRegistryAsync(dynalite);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);
        await registry.PromoteAsync(name, "2", s_none);
        await registry.TryUpdateStatusAsync(name, "1", ModelStatus.Retired, ModelStatus.Rejected, "bad", s_none);

        var result = await registry.RollbackAsync(name, s_none);

        Assert.Equal(RegistryOutcome.WrongStatus, result.Outcome);
        Assert.Equal("2", (await registry.GetLiveAsync(name, s_none))!.Version);
    }

    [Fact]
    public async Task Promote_AfterAWriterDiedBetweenAliasAndStatuses_RepairsTheStatuses()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var registry = new DynamoModelRegistry(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint);
        var name = NewName();
        await SeedAsync(registry, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated), ("3", ModelStatus.Validated));
        await registry.PromoteAsync(name, "1", s_none);
        // What a promotion of 2 that died right after its alias write leaves: the alias on 2, 2 still validated, 1 still live.
        await dynalite.Client.PutItemAsync(new Amazon.DynamoDBv2.Model.PutItemRequest
        {
            TableName = table,
            Item = new()
            {
                ["name"] = new(name),
                ["version"] = new("alias#live"),
                ["liveVersion"] = new("2"),
                ["history"] = new() { L = [new("1")] },
                ["revision"] = new() { N = "2" },
            },
        });

        var result = await registry.PromoteAsync(name, "3", s_none);

        Assert.Equal(RegistryOutcome.Done, result.Outcome);
        Assert.Equal(["1", "2"], result.Live!.History);
        Assert.Equal(ModelStatus.Retired, (await registry.GetAsync(name, "1", s_none))!.Status);
        Assert.Equal(ModelStatus.Retired, (await registry.GetAsync(name, "2", s_none))!.Status);
        await AssertConsistentAsync(registry, name);
    }
}
