using Ranking.Cli.Invocation;

namespace Ranking.Cli.Tests.Data;

/// <summary><c>ranking enqueue</c> against a recording SQS client, and against an endpoint that refuses.</summary>
public sealed class EnqueueCommandTests : IDisposable
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/feed-rerank";
    private readonly RecordingSqsClient _sqs = new();
    private readonly TestCli _cli;

    public EnqueueCommandTests()
    {
        _cli = new TestCli { Aws = new AwsClients { DynamoDb = TestAws.None().DynamoDb, S3 = TestAws.None().S3, Sqs = () => _sqs } };
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Enqueue_SendsTheRerankMessage_AndPrintsItsId()
    {
        var exit = await _cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--user", "u_1", "--surface", "feed");

        Assert.Equal(0, exit);
        var sent = Assert.Single(_sqs.Sent);
        Assert.Equal(QueueUrl, sent.QueueUrl);
        Assert.Equal("""{"userId":"u_1","surface":"feed"}""", sent.MessageBody);
        Assert.Equal($$"""sent {{RecordingSqsClient.MessageId}}: {"userId":"u_1","surface":"feed"}""" + "\n", _cli.Output);
        Assert.Equal("", _cli.Error);
    }

    [Fact]
    public async Task Enqueue_WithJson_PrintsTheMessageIdAndBody()
    {
        var exit = await _cli.RunAsync("enqueue", "--queue-url", "https://sqs.us-east-1.amazonaws.com/1/q", "--user", "u_1", "--surface", "feed", "--json");

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(_cli.Output);
        Assert.Equal(RecordingSqsClient.MessageId, json.RootElement.GetProperty("messageId").GetString());
        Assert.Equal("""{"userId":"u_1","surface":"feed"}""", json.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Enqueue_BlankUser_FailsNamingIt_AndSendsNothing()
    {
        var exit = await _cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--user", " ", "--surface", "feed");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("userId", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_sqs.Sent);
    }

    [Fact]
    public async Task Enqueue_WithoutQueueUrl_IsAParseErrorNamingIt()
    {
        var exit = await _cli.RunAsync("enqueue", "--user", "u_1", "--surface", "feed");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("Option '--queue-url' is required.", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_sqs.Sent);
    }

    [Fact]
    public async Task Enqueue_UnreachableEndpoint_FailsWithOneLine()
    {
        using var cli = new TestCli { Aws = TestAws.Refusing() };

        var exit = await cli.RunAsync("enqueue", "--queue-url", QueueUrl, "--user", "u_1", "--surface", "feed");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith("error: ", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
        Assert.Equal("", cli.Output);
    }
}
