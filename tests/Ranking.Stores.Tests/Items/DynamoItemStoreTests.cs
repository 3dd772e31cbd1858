using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ranking.Core.Data;
using Ranking.Stores.Items;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Loopback;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Items;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoItemStoreTests(DynaliteFixture dynalite)
{
    private static readonly DynamoRetryOptions s_fastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task GetItems_With250Ids_ReadsInChunksOf100AndKeepsOrderWithNullForMissing()
    {
        var table = await SeedAsync(TestRecords.Ids(200));
        using var client = Scripted();
        var store = new DynamoItemStore(client, table, TimeProvider.System, Randomizers.Midpoint);
        // 250 requested: i_0..i_199 exist, i_200..i_249 do not; reversed so order cannot come from the table.
        var ids = TestRecords.Ids(250).Reverse().ToArray();

        var items = await store.GetItemsAsync(ids, CancellationToken.None);

        Assert.Equal(250, items.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var expectFound = int.Parse(ids[i].AsSpan(2), provider: System.Globalization.CultureInfo.InvariantCulture) < 200;
            Assert.Equal(expectFound ? ids[i] : null, items[i]?.ItemId);
        }

        Assert.Equal(3, client.BatchGetCalls);
        Assert.Equal(250, client.BatchGetKeys);
        Assert.True(client.MaxConcurrentBatchGets > 1, "chunks should be in flight together");
    }

    [Fact]
    public async Task GetItems_WithDuplicateIds_ReadsEachOnceAndFillsEveryPosition()
    {
        var table = await SeedAsync(["i_1", "i_2"]);
        using var client = Scripted();
        var store = new DynamoItemStore(client, table, TimeProvider.System, Randomizers.Midpoint);

        var items = await store.GetItemsAsync(["i_1", "i_2", "i_1", "i_x", "i_x"], CancellationToken.None);

        Assert.Equal(["i_1", "i_2", "i_1", null, null], items.Select(i => i?.ItemId));
        Assert.Same(items[0], items[2]);
        Assert.Equal(3, client.BatchGetKeys);
    }

    [Fact]
    public async Task GetItems_WithUnprocessedKeys_RetriesUntilAllAreRead()
    {
        var table = await SeedAsync(TestRecords.Ids(150));
        using var client = Scripted();
        client.ProcessAtMost = 30;
        var store = new DynamoItemStore(client, table, TimeProvider.System, Randomizers.Midpoint, retryOptions: s_fastRetries);

        var items = await store.GetItemsAsync(TestRecords.Ids(150), CancellationToken.None);

        Assert.All(items, Assert.NotNull);
        // Chunk of 100: 30+30+30+10 -> 4 calls; chunk of 50: 30+20 -> 2 calls.
        Assert.Equal(6, client.BatchGetCalls);
    }

    [Fact]
    public async Task GetItems_WithinTtl_ServesTheSameInstancesWithoutReading()
    {
        var table = await SeedAsync(["i_1", "i_2"]);
        using var client = Scripted();
        var clock = new ManualTimeProvider();
        var store = new DynamoItemStore(client, table, clock, Randomizers.Midpoint, new ItemCacheOptions { Ttl = TimeSpan.FromSeconds(60) });
        var first = await store.GetItemsAsync(["i_1", "i_2"], CancellationToken.None);
        await PutAsync(table, TestRecords.Item("i_1", likes: 999));

        clock.Advance(TimeSpan.FromSeconds(59));
        var second = await store.GetItemsAsync(["i_2", "i_1"], CancellationToken.None);

        Assert.Equal(1, client.BatchGetCalls);
        Assert.Same(first[0], second[1]);
        Assert.Same(first[1], second[0]);
        Assert.Equal(12, second[1]!.Numbers["likes"]);
    }

    [Fact]
    public async Task GetItems_AfterTtl_ReadsTheChangedItem()
    {
        var table = await SeedAsync(["i_1"]);
        using var client = Scripted();
        var clock = new ManualTimeProvider();
        var store = new DynamoItemStore(client, table, clock, Randomizers.Midpoint, new ItemCacheOptions { Ttl = TimeSpan.FromSeconds(60) });
        await store.GetItemsAsync(["i_1"], CancellationToken.None);
        await PutAsync(table, TestRecords.Item("i_1", likes: 999));

        clock.Advance(TimeSpan.FromSeconds(60));
        var again = await store.GetItemsAsync(["i_1"], CancellationToken.None);

        Assert.Equal(2, client.BatchGetCalls);
        Assert.Equal(999, again[0]!.Numbers["likes"]);
    }

    [Fact]
    public async Task GetItems_MissingId_IsRememberedForMissTtlOnly()
    {
        var table = await SeedAsync(["i_1"]);
        using var client = Scripted();
        var clock = new ManualTimeProvider();
        var store = new DynamoItemStore(client, table, clock, Randomizers.Midpoint, new ItemCacheOptions { MissTtl = TimeSpan.FromSeconds(5) });
        Assert.Null((await store.GetItemsAsync(["i_new"], CancellationToken.None))[0]);
        await PutAsync(table, TestRecords.Item("i_new"));

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Null((await store.GetItemsAsync(["i_new"], CancellationToken.None))[0]);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull((await store.GetItemsAsync(["i_new"], CancellationToken.None))[0]);

        Assert.Equal(2, client.BatchGetCalls);
    }

    [Fact]
    public async Task GetItems_WhenCacheIsFull_StaysBounded()
    {
        var table = await SeedAsync(TestRecords.Ids(30));
        using var client = Scripted();
        var store = new DynamoItemStore(client, table, TimeProvider.System, Randomizers.Midpoint, new ItemCacheOptions { MaxEntries = 10 });

        foreach (var chunk in TestRecords.Ids(30).Chunk(5))
        {
            await store.GetItemsAsync(chunk, CancellationToken.None);
        }

        Assert.InRange(store.CachedCount, 1, 10);
    }

    [Fact]
    public async Task GetItems_WhileThrottled_StopsPromptlyWhenTheDeadlineFires()
    {
        var table = await SeedAsync(["i_1"]);
        using var client = Scripted();
        client.Throttle = true;
        var store = new DynamoItemStore(client, table, TimeProvider.System, Randomizers.Midpoint, retryOptions: new DynamoRetryOptions { MaxAttempts = 1000, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(5) });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetItemsAsync(["i_1"], deadline.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.True(client.BatchGetCalls > 1, "throttling should have been retried before the deadline");
    }

    [Fact]
    public async Task GetItems_ThrottledBeyondMaxAttempts_ThrowsStoreExceptionNamingTheTable()
    {
        var table = await SeedAsync(["i_1"]);
        using var client = Scripted();
        client.Throttle = true;
        var store = new DynamoItemStore(client, table, TimeProvider.System, Randomizers.Midpoint, retryOptions: new DynamoRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) });

        var error = await Assert.ThrowsAsync<StoreException>(async () => await store.GetItemsAsync(["i_1"], CancellationToken.None));

        Assert.Contains(table, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, client.BatchGetCalls);
    }

    [Fact]
    public async Task GetItems_FromMissingTable_ThrowsStoreException()
    {
        var store = new DynamoItemStore(dynalite.Client, "no-such-table", TimeProvider.System, Randomizers.Midpoint);

        var error = await Assert.ThrowsAsync<StoreException>(async () => await store.GetItemsAsync(["i_1"], CancellationToken.None));

        Assert.Contains("no-such-table", error.Message, StringComparison.Ordinal);
    }

    private ScriptedDynamoClient Scripted() =>
        new(new BasicAWSCredentials(DynaliteServer.AccessKey, DynaliteServer.SecretKey), dynalite.Config());

    private async Task<string> SeedAsync(IEnumerable<string> ids)
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateItemsTable);
        foreach (var id in ids)
        {
            await PutAsync(table, TestRecords.Item(id));
        }

        return table;
    }

    private Task PutAsync(string table, ItemRecord item) =>
        dynalite.Client.PutItemAsync(new PutItemRequest { TableName = table, Item = ItemMapper.ToAttributes(item) });
}
