using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ranking.Stores.Tables;
using Ranking.Testing.Loopback;

namespace Ranking.Stores.Tests.Support;

/// <summary>One dynalite for all DynamoDB tests; each test makes its own tables (unique names), so tests stay independent.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    public DynaliteServer Server => _server ?? throw new InvalidOperationException("not started");

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await DynaliteServer.StartAsync();
        Client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public AmazonDynamoDBClient CreateClient() => new(new BasicAWSCredentials(DynaliteServer.AccessKey, DynaliteServer.SecretKey), Config());

    public AmazonDynamoDBConfig Config() => new()
    {
        ServiceURL = Server.ServiceUrl,
        AuthenticationRegion = DynaliteServer.Region,
        // Store-level retries are under test; the SDK's own would blur the counts and the timings.
        MaxErrorRetry = 0,
    };

    public async Task<string> CreateTableAsync(Func<string, CreateTableRequest> schema)
    {
        var name = "t-" + Guid.NewGuid().ToString("N");
        await DynamoTables.EnsureAsync(Client, schema(name), CancellationToken.None);
        return name;
    }

    /// <summary>Writes an item and reads it back consistently: what a mapper's attributes look like after a real round trip.</summary>
    public async Task<Dictionary<string, AttributeValue>> PutAndGetAsync(string table, Dictionary<string, AttributeValue> attributes, string keyName, string key)
    {
        await Client.PutItemAsync(new PutItemRequest { TableName = table, Item = attributes });
        var response = await Client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { [keyName] = new AttributeValue { S = key } },
            ConsistentRead = true,
        });
        return response.Item;
    }
}
