using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;
using Ranking.Core.Data;
using Ranking.Stores.Files;
using Ranking.Stores.Items;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;

namespace Ranking.Stores.Tests.Items;

/// <summary>Items survive the mapper and a real PutItem/GetItem unchanged (compared via their JSONL form); bad attributes are named.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class ItemMapperTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Item_RoundTripsThroughDynalite()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateItemsTable);
        var item = TestRecords.Item("i_1");

        var stored = await dynalite.PutAndGetAsync(table, ItemMapper.ToAttributes(item), TableSchemas.Items.ItemId, item.ItemId);

        Assert.Equal(RecordJsonl.FormatItem(item), RecordJsonl.FormatItem(ItemMapper.FromAttributes(stored)));
        Assert.Equal("25.5", stored[TableSchemas.Items.Price].N);
        Assert.Equal("2026-10-01T12:00:00.25Z", stored[TableSchemas.Items.ListedAt].S);
    }

    [Fact]
    public async Task Item_WithEmptyStringsAndNoTimestamp_RoundTrips()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateItemsTable);
        var item = new ItemRecord { ItemId = "i_bare", Status = ItemStatus.Sold };

        var stored = await dynalite.PutAndGetAsync(table, ItemMapper.ToAttributes(item), TableSchemas.Items.ItemId, item.ItemId);

        var read = ItemMapper.FromAttributes(stored);
        Assert.Equal(RecordJsonl.FormatItem(item), RecordJsonl.FormatItem(read));
        Assert.Same(ItemStatus.Sold, read.Status);
    }

    [Fact]
    public void FromAttributes_WithWrongType_NamesRecordAndAttribute()
    {
        var attributes = ItemMapper.ToAttributes(TestRecords.Item("i_9"));
        attributes[TableSchemas.Items.Price] = new AttributeValue { S = "cheap" };

        var error = Assert.Throws<InvalidDataException>(() => ItemMapper.FromAttributes(attributes));

        Assert.Contains("item i_9", error.Message, StringComparison.Ordinal);
        Assert.Contains("'price'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToAttributes_WithNonFiniteNumber_Throws()
    {
        var item = TestRecords.Item("i_nan");
        item.Numbers["likes"] = double.NaN;

        Assert.Throws<ArgumentException>(() => ItemMapper.ToAttributes(item));
    }
}
