using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

using static Ranking.Stores.Tests.Registry.RegistryRecords;

namespace Ranking.Stores.Tests.Registry;

/// <summary>
/// Racing writers against a real DynamoDB API. Each registry instance has its own client, as two refresh functions
/// or an operator and a refresh would. <see cref="AliasWriteBarrier"/> makes both racers read the alias before
/// either writes it, so every round is a real conflict; rounds repeat to shake out the status writes that follow.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class RegistryRaceTests(DynaliteFixture dynalite)
{
    private const int Rounds = 20;
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task TwoPromotionsAtOnce_ExactlyOneWins_LoserStaysValidated()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var barrier = new AliasWriteBarrier(parties: 2);
        using var clientA = barrier.Client(dynalite.Config());
        using var clientB = barrier.Client(dynalite.Config());
        var a = new DynamoModelRegistry(clientA, table, TimeProvider.System, Randomizers.Midpoint);
        var b = new DynamoModelRegistry(clientB, table, TimeProvider.System, Randomizers.Midpoint);
        for (var round = 0; round < Rounds; round++)
        {
            var name = NewName();
            await SeedAsync(a, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated), ("3", ModelStatus.Validated));
            await a.PromoteAsync(name, "1", s_none);

            barrier.Arm();
            var results = await Task.WhenAll(a.PromoteAsync(name, "2", s_none), b.PromoteAsync(name, "3", s_none));

            Assert.Equal([RegistryOutcome.Done, RegistryOutcome.Conflict], results.Select(r => r.Outcome).Order());
            var winner = results[0].Outcome == RegistryOutcome.Done ? "2" : "3";
            var loser = winner == "2" ? "3" : "2";
            var live = await a.GetLiveAsync(name, s_none);
            Assert.Equal(winner, live!.Version);
            Assert.Equal(["1"], live.History);
            Assert.Equal(ModelStatus.Validated, (await a.GetAsync(name, loser, s_none))!.Status);
            Assert.Equal(ModelStatus.Retired, (await a.GetAsync(name, "1", s_none))!.Status);
            await AssertConsistentAsync(a, name);
        }
    }

    [Fact]
    public async Task FirstPromotionsAtOnce_ExactlyOneCreatesTheAlias()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var barrier = new AliasWriteBarrier(parties: 2);
        using var clientA = barrier.Client(dynalite.Config());
        using var clientB = barrier.Client(dynalite.Config());
        var a = new DynamoModelRegistry(clientA, table, TimeProvider.System, Randomizers.Midpoint);
        var b = new DynamoModelRegistry(clientB, table, TimeProvider.System, Randomizers.Midpoint);
        for (var round = 0; round < Rounds; round++)
        {
            var name = NewName();
            await SeedAsync(a, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated));

            barrier.Arm();
            var results = await Task.WhenAll(a.PromoteAsync(name, "1", s_none), b.PromoteAsync(name, "2", s_none));

            Assert.Equal([RegistryOutcome.Done, RegistryOutcome.Conflict], results.Select(r => r.Outcome).Order());
            Assert.Equal(1, (await a.GetLiveAsync(name, s_none))!.Revision);
            await AssertConsistentAsync(a, name);
        }
    }

    [Fact]
    public async Task PromotionAgainstRollback_EndsInOneConsistentState()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var barrier = new AliasWriteBarrier(parties: 2);
        using var clientA = barrier.Client(dynalite.Config());
        using var clientB = barrier.Client(dynalite.Config());
        var a = new DynamoModelRegistry(clientA, table, TimeProvider.System, Randomizers.Midpoint);
        var b = new DynamoModelRegistry(clientB, table, TimeProvider.System, Randomizers.Midpoint);
        for (var round = 0; round < Rounds; round++)
        {
            var name = NewName();
            await SeedAsync(a, name, ("1", ModelStatus.Validated), ("2", ModelStatus.Validated), ("3", ModelStatus.Validated));
            await a.PromoteAsync(name, "1", s_none);
            await a.PromoteAsync(name, "2", s_none);

            barrier.Arm();
            var results = await Task.WhenAll(a.PromoteAsync(name, "3", s_none), b.RollbackAsync(name, s_none));
            var (promote, rollback) = (results[0].Outcome, results[1].Outcome);

            // Exactly one of the two moved the alias, and the statuses agree with whichever it was.
            Assert.Equal([RegistryOutcome.Done, RegistryOutcome.Conflict], new[] { promote, rollback }.Order());
            var live = await a.GetLiveAsync(name, s_none);
            Assert.Equal(promote == RegistryOutcome.Done ? "3" : "1", live!.Version);
            Assert.Equal(3, live.Revision);
            await AssertConsistentAsync(a, name);
        }
    }

    [Fact]
    public async Task ManyWritersMovingTheAlias_LeaveExactlyOneLiveVersion()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateModelsTable);
        var name = NewName();
        var registries = Enumerable.Range(0, 4).Select(_ => new DynamoModelRegistry(dynalite.CreateClient(), table, TimeProvider.System, Randomizers.Midpoint)).ToList();
        await SeedAsync(registries[0], name, [.. Enumerable.Range(1, 6).Select(v => (v.ToString(System.Globalization.CultureInfo.InvariantCulture), ModelStatus.Validated))]);
        await registries[0].PromoteAsync(name, "1", s_none);

        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(registries.Select((r, i) => i % 2 == 0
                ? r.PromoteAsync(name, ((round + i) % 6 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), s_none)
                : r.RollbackAsync(name, s_none)));

            await AssertConsistentAsync(registries[0], name);
        }
    }
}
