using Amazon.DynamoDBv2.Model;
using Ranking.Cli.Invocation;
using Ranking.Stores.Tables;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests;

/// <summary>One dynalite and one s3rver for the commands that talk to AWS; each test makes its own tables and names.</summary>
public sealed class AwsLoopbackFixture : IAsyncLifetime
{
    private DynaliteServer? _dynalite;
    private S3rverServer? _s3;

    /// <summary>SQS has no loopback server here: its endpoint refuses.</summary>
    internal AwsClients Clients { get; private set; } = null!;

    public string Bucket => _s3?.Bucket ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var dynalite = DynaliteServer.StartAsync();
        var s3 = S3rverServer.StartAsync();
        (_dynalite, _s3) = (await dynalite, await s3);
        Clients = TestAws.At(_dynalite.ServiceUrl, _s3.ServiceUrl, BlackholeServer.RefusingUrl());
    }

    public async Task DisposeAsync()
    {
        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }

    public static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A new table with a unique name, made with the schema the CLI's defaults point at.</summary>
    public async Task<string> CreateTableAsync(Func<string, CreateTableRequest> schema)
    {
        var name = NewName("t");
        using var client = Clients.DynamoDb();
        await DynamoTables.EnsureAsync(client, schema(name), CancellationToken.None);
        return name;
    }
}
