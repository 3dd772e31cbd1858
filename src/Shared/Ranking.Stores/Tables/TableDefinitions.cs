using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;

namespace Ranking.Stores.Tables;

/// <summary>The tables as <c>CreateTable</c> requests (the CLI loader and the tests; the CDK app defines its own).</summary>
public static class TableDefinitions
{
    public static CreateTableRequest CreateItemsTable(string tableName) => Create(tableName, TableSchemas.Items.ItemId, null);

    public static CreateTableRequest CreateUsersTable(string tableName) => Create(tableName, TableSchemas.Users.UserId, null);

    public static CreateTableRequest CreateFeedsTable(string tableName) => Create(tableName, TableSchemas.Feeds.UserId, TableSchemas.Feeds.Surface);

    public static CreateTableRequest CreateModelsTable(string tableName) => Create(tableName, TableSchemas.Models.Name, TableSchemas.Models.Version);

    // On-demand billing: ranking traffic is spiky and scales to zero, which is what the functions are built for.
    private static CreateTableRequest Create(string tableName, string partitionKey, string? sortKey)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(partitionKey, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(partitionKey, ScalarAttributeType.S)],
        };
        if (sortKey is not null)
        {
            request.KeySchema.Add(new KeySchemaElement(sortKey, KeyType.RANGE));
            request.AttributeDefinitions.Add(new AttributeDefinition(sortKey, ScalarAttributeType.S));
        }

        return request;
    }
}
