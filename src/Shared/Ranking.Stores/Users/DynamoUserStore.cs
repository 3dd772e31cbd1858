using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Contracts;
using Ranking.Core.Data;
using Ranking.Stores.Tables;

namespace Ranking.Stores.Users;

/// <summary>
/// Users from the users table, one eventually consistent <c>GetItem</c> per request: a user's features change slowly,
/// and the strongly consistent read would cost twice as much for no visible difference.
/// </summary>
public sealed class DynamoUserStore : IUserStore
{
    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly Backoff _backoff;

    /// <param name="randomizer">Draws the retry jitter, a value in [0, 1): <c>Random.Shared.NextDouble</c> at the composition root, a pinned value in tests.</param>
    public DynamoUserStore(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, Func<double> randomizer, DynamoRetryOptions? retryOptions = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(randomizer);
        _client = client;
        _tableName = tableName;
        _backoff = new Backoff(retryOptions ?? new DynamoRetryOptions(), timeProvider, randomizer);
    }

    /// <exception cref="StoreException">Throttling outlasted the retries, or DynamoDB refused the call.</exception>
    /// <exception cref="InvalidDataException">The stored user does not match the schema.</exception>
    public async ValueTask<UserRecord?> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var request = new GetItemRequest
        {
            TableName = _tableName,
            Key = new() { [TableSchemas.Users.UserId] = AttributeValues.String(userId) },
        };
        var response = await _backoff.RunAsync(cancellationToken => _client.GetItemAsync(request, cancellationToken), "GetItem", _tableName, cancellationToken);
        return response.Item is { Count: > 0 } item ? UserMapper.FromAttributes(item) : null;
    }
}
