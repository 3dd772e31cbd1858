using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Items;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Tables;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoBatchWriterTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Write_PutsEveryItemInBatchesAndReportsProgress()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateItemsTable);
        var items = TestRecords.Ids(130).Select(id => ItemMapper.ToAttributes(TestRecords.Item(id))).ToList();
        var reported = 0;

        await new DynamoBatchWriter(dynalite.Client, TimeProvider.System, Randomizers.Midpoint, concurrency: 4).WriteAsync(table, items, new SyncProgress(n => Interlocked.Add(ref reported, n)), CancellationToken.None);

        var scan = await dynalite.Client.ScanAsync(new ScanRequest { TableName = table, Select = Amazon.DynamoDBv2.Select.COUNT });
        Assert.Equal(130, scan.Count);
        Assert.Equal(130, reported);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
