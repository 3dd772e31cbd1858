using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;
using Ranking.Stores.Tables;

namespace Ranking.Stores.Tests.Tables;

/// <summary>The tables the CLI and the tests create are keyed as the CDK app keys them: both read <see cref="TableSchemas"/>.</summary>
public sealed class TableDefinitionsTests
{
    public static TheoryData<string, string, string?> Tables => new()
    {
        { "items", TableSchemas.Items.ItemId, null },
        { "users", TableSchemas.Users.UserId, null },
        { "feeds", TableSchemas.Feeds.UserId, TableSchemas.Feeds.Surface },
        { "models", TableSchemas.Models.Name, TableSchemas.Models.Version },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Create_KeysEachTableByItsSchemasStringKeys_OnDemand(string table, string partitionKey, string? sortKey)
    {
        var request = table switch
        {
            "items" => TableDefinitions.CreateItemsTable("t"),
            "users" => TableDefinitions.CreateUsersTable("t"),
            "feeds" => TableDefinitions.CreateFeedsTable("t"),
            _ => TableDefinitions.CreateModelsTable("t"),
        };

        KeySchemaElement[] expected = sortKey is null
            ? [new(partitionKey, KeyType.HASH)]
            : [new(partitionKey, KeyType.HASH), new(sortKey, KeyType.RANGE)];
        Assert.Equal(expected.Select(k => (k.AttributeName, k.KeyType.Value)), request.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
        Assert.All(request.AttributeDefinitions, a => Assert.Equal(ScalarAttributeType.S, a.AttributeType));
        Assert.Equal(expected.Length, request.AttributeDefinitions.Count);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
    }
}
