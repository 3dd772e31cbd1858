using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Stores.Feeds;
using Ranking.Stores.Tables;
using Ranking.Testing.Seams;

namespace Ranking.Cli.Tests.Data;

/// <summary><c>ranking enqueue --all</c>: a parallel scan of a feeds table in dynalite, sent to a recording SQS client.</summary>
[Collection(AwsLoopbackCollection.Name)]
public sealed class EnqueueAllTests(AwsLoopbackFixture aws) : IDisposable
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/feed-rerank";
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-enqueue-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task All_SendsOneMessagePerStoredFeedOfTheSurface_InBatchesOfAtMostTen()
    {
        var table = await FeedsAsync(feed: 57, search: 5);
        var sqs = new RecordingSqsClient();
        using var cli = Cli(sqs);

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--feeds-table", table, "--segments", "3");

        Assert.Equal(0, exit);
        Assert.Equal("", cli.Error);
        var users = sqs.SentInBatches.Select(e => Message(e.MessageBody)).ToList();
        Assert.Equal(Enumerable.Range(0, 57).Select(User).Order(StringComparer.Ordinal), users.Select(u => u.UserId).Order(StringComparer.Ordinal));
        Assert.All(users, u => Assert.Equal("feed", u.Surface));
        Assert.All(sqs.BatchSizes, size => Assert.InRange(size, 1, 10));
        Assert.Contains("scanned 62 feeds in 3 segments, sent 57 re-rank messages for 'feed'", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_WithJson_PrintsOneSummary_AndProgressStaysOnStderr()
    {
        var table = await FeedsAsync(feed: 23, search: 4);
        using var cli = Cli(new RecordingSqsClient());

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--feeds-table", table, "--segments", "2", "--json");

        Assert.Equal(0, exit);
        using var summary = JsonDocument.Parse(cli.Output);
        Assert.Equal("feed", summary.RootElement.GetProperty("surface").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("segments").GetInt32());
        Assert.Equal(27, summary.RootElement.GetProperty("scanned").GetInt32());
        Assert.Equal(23, summary.RootElement.GetProperty("sent").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("cursor").ValueKind);
    }

    [Fact]
    public async Task All_AMessageSqsKeepsRefusing_IsRetriedThenNamed_AndTheExitCodeSaysSo()
    {
        var table = await FeedsAsync(feed: 12, search: 0);
        var sqs = new RecordingSqsClient { Refuse = "\"u_0007\"" };
        using var cli = Cli(sqs);

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--feeds-table", table, "--segments", "1");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal(11, sqs.SentInBatches.Count);
        // Four attempts: its batch of ten, then three times alone.
        Assert.Equal(3, sqs.BatchSizes.Count(size => size == 1));
        Assert.Contains("not sent: u_0007 (InternalError: try again)", cli.Error, StringComparison.Ordinal);
        Assert.Contains("error: 1 message(s) could not be sent", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_InterruptedBySqs_ResumesFromItsCursor_ThenHasNothingLeft()
    {
        var table = await FeedsAsync(feed: 250, search: 0);
        var cursor = Path.Combine(_directory, "backfill.json");
        // Pages of 100: the first page's 10 batches go through, then SQS stops answering in the second page.
        var failing = new RecordingSqsClient { ThrowFromCall = 13 };
        using (var cli = Cli(failing))
        {
            var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--feeds-table", table, "--segments", "1", "--cursor", cursor);

            Assert.Equal(CommandErrors.BadInput, exit);
            Assert.Contains("Service unavailable", cli.Error, StringComparison.Ordinal);
        }

        var working = new RecordingSqsClient();
        using (var cli = Cli(working))
        {
            var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--feeds-table", table, "--segments", "1", "--cursor", cursor);

            Assert.Equal(0, exit);
            Assert.Contains($"resuming {cursor}: 0 of 1 segments done, 100 messages sent before", cli.Output, StringComparison.Ordinal);
        }

        // Only the interrupted page is sent twice: together the runs cover every feed.
        Assert.Equal(150, working.SentInBatches.Count);
        var everyone = failing.SentInBatches.Concat(working.SentInBatches).Select(e => Message(e.MessageBody).UserId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(250, everyone.Count);
        using (var cli = Cli(new RecordingSqsClient()))
        {
            Assert.Equal(0, await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--feeds-table", table, "--segments", "1", "--cursor", cursor));
            Assert.Contains("is a finished backfill of 'feed' (250 messages): nothing to do", cli.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--segments", "0", "--segments must be from 1 to 1000, not 0.")]
    [InlineData("--rate", "-5", "--rate must be a positive number of messages a second, not -5.")]
    public async Task All_WithABadOption_FailsNamingIt(string option, string value, string message)
    {
        var sqs = new RecordingSqsClient();
        using var cli = Cli(sqs);

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", option, value);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {message}\n", cli.Error);
        Assert.Empty(sqs.SentInBatches);
    }

    [Fact]
    public async Task All_WithTheCursorOfAnotherBackfill_RefusesToMixThem()
    {
        var cursor = Path.Combine(_directory, "search.json");
        await File.WriteAllTextAsync(cursor, """{"surface":"search","sent":3,"segments":[{"segment":0,"done":false}]}""");
        using var cli = Cli(new RecordingSqsClient());

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--surface", "feed", "--segments", "1", "--cursor", cursor);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Contains("is a backfill of surface 'search' in 1 segments, not 'feed' in 1", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAndAll_Together_IsAParseError()
    {
        using var cli = Cli(new RecordingSqsClient());

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--all", "--user", "u_1", "--surface", "feed");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("Give exactly one of --user and --all.", cli.Error, StringComparison.Ordinal);
    }

    private static string User(int i) => $"u_{i:D4}";

    private static (string UserId, string Surface) Message(string body)
    {
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("userId").GetString()!, json.RootElement.GetProperty("surface").GetString()!);
    }

    private TestCli Cli(RecordingSqsClient sqs) => new() { Aws = new AwsClients { DynamoDb = aws.Clients.DynamoDb, S3 = aws.Clients.S3, Sqs = () => sqs } };

    private async Task<string> FeedsAsync(int feed, int search)
    {
        var table = await aws.CreateTableAsync(TableDefinitions.CreateFeedsTable);
        using var client = aws.Clients.DynamoDb();
        var store = new DynamoFeedStore(client, table, TimeProvider.System, Randomizers.Midpoint);
        for (var i = 0; i < feed; i++)
        {
            await store.PutCandidatesAsync(User(i), "feed", ["i_1", "i_2"], CancellationToken.None);
        }

        for (var i = 0; i < search; i++)
        {
            await store.PutCandidatesAsync(User(1000 + i), "search", ["i_1"], CancellationToken.None);
        }

        return table;
    }
}
