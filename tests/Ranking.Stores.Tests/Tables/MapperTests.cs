using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;
using Ranking.Core.Data;
using Ranking.Core.Models;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Items;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Stores.Users;

namespace Ranking.Stores.Tests.Tables;

/// <summary>Records survive a trip through the mappers and a real PutItem/GetItem unchanged (compared via their JSONL form).</summary>
[Collection(DynaliteCollection.Name)]
public sealed class MapperTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Item_RoundTripsThroughDynalite()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateItemsTable);
        var item = TestRecords.Item("i_1");

        var stored = await PutAndGetAsync(table, ItemMapper.ToAttributes(item), TableSchemas.Items.ItemId, item.ItemId);

        Assert.Equal(RecordJsonl.FormatItem(item), RecordJsonl.FormatItem(ItemMapper.FromAttributes(stored)));
        Assert.Equal("25.5", stored[TableSchemas.Items.Price].N);
        Assert.Equal("2026-10-01T12:00:00.25Z", stored[TableSchemas.Items.ListedAt].S);
    }

    [Fact]
    public async Task Item_WithEmptyStringsAndNoTimestamp_RoundTrips()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateItemsTable);
        var item = new ItemRecord { ItemId = "i_bare", Status = ItemStatus.Sold };

        var stored = await PutAndGetAsync(table, ItemMapper.ToAttributes(item), TableSchemas.Items.ItemId, item.ItemId);

        var read = ItemMapper.FromAttributes(stored);
        Assert.Equal(RecordJsonl.FormatItem(item), RecordJsonl.FormatItem(read));
        Assert.Same(ItemStatus.Sold, read.Status);
    }

    [Fact]
    public async Task User_RoundTripsThroughDynalite()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateUsersTable);
        var user = TestRecords.User("u_1");

        var stored = await PutAndGetAsync(table, UserMapper.ToAttributes(user), TableSchemas.Users.UserId, user.UserId);

        Assert.Equal(RecordJsonl.FormatUser(user), RecordJsonl.FormatUser(UserMapper.FromAttributes(stored)));
    }

    [Fact]
    public void Feed_RoundTripsThroughTheMapper()
    {
        var feed = TestRecords.RankedFeed("u_1");

        Assert.Equal(RecordJsonl.FormatFeed(feed), RecordJsonl.FormatFeed(FeedMapper.FromAttributes(FeedMapper.ToAttributes(feed))));
    }

    [Fact]
    public void Feed_StoresTheModelVersionsSortKeyBesideIt()
    {
        var attributes = FeedMapper.ToAttributes(TestRecords.RankedFeed("u_1"));

        Assert.Equal("12", attributes[TableSchemas.Feeds.ModelVersion].S);
        Assert.Equal(ModelVersionOrder.SortKey("12"), attributes[TableSchemas.Feeds.RankedModelOrder].S);
    }

    [Fact]
    public void Feed_WithoutRanking_RoundTrips()
    {
        var feed = new FeedRecord { UserId = "u_2", Surface = "search", Candidates = [], CandidatesVersion = 1 };

        var read = FeedMapper.FromAttributes(FeedMapper.ToAttributes(feed));

        Assert.Equal(RecordJsonl.FormatFeed(feed), RecordJsonl.FormatFeed(read));
        Assert.Null(read.Ranked);
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

    private async Task<Dictionary<string, AttributeValue>> PutAndGetAsync(string table, Dictionary<string, AttributeValue> attributes, string keyName, string key)
    {
        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = table, Item = attributes });
        var response = await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { [keyName] = new AttributeValue { S = key } },
            ConsistentRead = true,
        });
        return response.Item;
    }
}
