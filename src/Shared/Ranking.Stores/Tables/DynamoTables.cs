using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Ranking.Stores.Tables;

/// <summary>Table creation for tests and <c>ranking load --create-tables</c> (production tables belong to the CDK stack).</summary>
public static class DynamoTables
{
    /// <summary>
    /// Creates the table unless it exists, then waits until it is ACTIVE: a table answers ResourceNotFound to reads
    /// and writes while it is still CREATING.
    /// </summary>
    /// <returns>True when this call created the table.</returns>
    public static async Task<bool> EnsureAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var created = true;
        try
        {
            await client.CreateTableAsync(request, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            created = false;
        }

        while (true)
        {
            var description = await client.DescribeTableAsync(request.TableName, cancellationToken);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
            {
                return created;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
