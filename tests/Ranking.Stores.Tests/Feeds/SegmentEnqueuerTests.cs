using Amazon.Runtime;
using Amazon.SQS;
using Ranking.Stores.Feeds;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Testing.Loopback;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Feeds;

/// <summary>The backfill's shared segment loop against dynalite and a loopback SQS, as the CLI and the FeedBackfill function run it.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class SegmentEnqueuerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private SqsServer _sqs = null!;
    private AmazonSQSClient _client = null!;

    public async Task InitializeAsync()
    {
        _sqs = await SqsServer.StartAsync();
        _client = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = _sqs.ServiceUrl, AuthenticationRegion = "us-east-1" });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sqs.DisposeAsync();
    }

    [Fact]
    public async Task EverySegment_SendsEachUserOfTheSurfaceOnce_AndNoneOfTheOtherSurface()
    {
        var (enqueuer, users) = await SeedAsync(users: 350);

        var runs = new List<SegmentRun>();
        for (var segment = 0; segment < 3; segment++)
        {
            runs.Add(await enqueuer.RunAsync("feed", segment, 3, null, () => true, null, null, CancellationToken.None));
        }

        Assert.All(runs, r => Assert.True(r.Done));
        Assert.All(runs, r => Assert.Empty(r.Failed));
        var sent = _sqs.Messages.Select(m => m.Body).ToList();
        Assert.Equal(users.Select(u => RerankMessageBody.Build(u, "feed")).Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
        Assert.Equal(350, runs.Sum(r => r.Sent));
        Assert.All(_sqs.Messages, m => Assert.Equal(_sqs.QueueUrl("feed-rerank"), m.QueueUrl));
    }

    [Fact]
    public async Task WhenTheCallerStopsIt_ItAnswersWhereToGoOn_AndASecondRunFinishesTheSegment()
    {
        var (enqueuer, users) = await SeedAsync(users: 250);
        var pages = 0;

        var first = await enqueuer.RunAsync("feed", 0, 1, null, () => pages++ < 1, null, null, CancellationToken.None);
        var second = await enqueuer.RunAsync("feed", 0, 1, first.Next, () => true, null, null, CancellationToken.None);

        Assert.False(first.Done);
        Assert.NotNull(first.Next);
        Assert.Equal(SegmentEnqueuer.PageSize, first.Scanned);
        Assert.True(second.Done);
        Assert.Equal(users.Count, first.Sent + second.Sent);
        Assert.Equal(users.Count, _sqs.Messages.Select(m => m.Body).Distinct().Count());
    }

    [Fact]
    public async Task ATransientSqsFailure_IsRetried_AndPacingSeesEveryBatch()
    {
        var (enqueuer, users) = await SeedAsync(users: 30);
        _sqs.FailNext(2);
        var paced = new List<int>();

        var run = await enqueuer.RunAsync("feed", 0, 1, null, () => true, (count, _) => { paced.Add(count); return Task.CompletedTask; }, null, CancellationToken.None);

        Assert.Equal(30, run.Sent);
        Assert.Empty(run.Failed);
        Assert.Equal([10, 10, 10], paced);
        Assert.Equal(5, _sqs.Calls);
    }

    private async Task<(SegmentEnqueuer Enqueuer, List<string> Users)> SeedAsync(int users)
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateFeedsTable);
        var store = new DynamoFeedStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint);
        var ids = Enumerable.Range(0, users).Select(i => $"u_{i}").ToList();
        foreach (var user in ids)
        {
            await store.PutCandidatesAsync(user, "feed", ["i_1"], CancellationToken.None);
        }

        await store.PutCandidatesAsync("u_search_only", "search", ["i_1"], CancellationToken.None);
        return (new SegmentEnqueuer(store, new RerankQueue(_client, _sqs.QueueUrl("feed-rerank"), TimeProvider.System)), ids);
    }
}
