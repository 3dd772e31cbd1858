using System.Diagnostics;
using System.Text.Json;
using Ranking.Contracts;
using Ranking.Testing.Loopback;

namespace Ranking.Functions.Tests;

/// <summary>DynamoDB hanging or gone: ranking still answers within its deadline; feed messages fail and are retried.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FaultTests(FunctionsFixture fixture)
{
    private async Task<RunningFunction> StartAsync(string project, string dynamoEndpoint, string deadlineMs = "200") =>
        await RunningFunction.StartAsync(fixture.Bootstrap(project), api =>
        {
            var environment = fixture.Bed.Environment(api);
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoEndpoint;
            environment["RANKING_DEADLINE_MS"] = deadlineMs;
            return environment;
        });

    [Fact]
    public async Task Rank_WithHangingDynamoDb_AnswersInInputOrderAtTheDeadline()
    {
        await using var blackhole = new BlackholeServer();
        await using var function = await StartAsync(FunctionsFixture.Rank, blackhole.Url);

        var watch = Stopwatch.StartNew();
        var response = await function.InvokeAsync(RankEvents.FeedOfThree);
        watch.Stop();

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        Assert.Equal("deadline", body.RootElement.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Equal(["i_1", "i_2", "i_3"], body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        // The budget is 200 ms; the SDK's own timeout would be 100 s. Generous slack for a loaded 2-core machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"answered after {watch.ElapsedMilliseconds} ms");
        await function.Process.WaitForLineAsync(l => l.Contains("\"StoreFailures\"", StringComparison.Ordinal) && l.Contains("\"Fallback_deadline\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rank_WithDynamoDbRefusingConnections_Answers200AndCountsTheFailure()
    {
        await using var function = await StartAsync(FunctionsFixture.Rank, BlackholeServer.RefusingUrl(), deadlineMs: "1000");

        var response = await function.InvokeAsync(RankEvents.FeedOfThree);

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        await function.Process.WaitForLineAsync(l => l.Contains("\"StoreFailures\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FeedRerank_WithDynamoDbGone_ReportsTheMessageFailed()
    {
        await using var function = await StartAsync(FunctionsFixture.FeedRerank, BlackholeServer.RefusingUrl());

        var response = await function.InvokeAsync("""
            {"Records":[{"messageId":"m-1","receiptHandle":"h","body":"{\"userId\":\"u_1\",\"surface\":\"feed\"}","attributes":{"ApproximateReceiveCount":"1"},"eventSource":"aws:sqs"}]}
            """);

        Assert.Equal("m-1", Assert.Single(response.GetProperty("batchItemFailures").EnumerateArray()).GetProperty("itemIdentifier").GetString());
        await EmfOutput.AssertWrittenAsync(function.Process, MetricNames.FeedsFailed);
    }
}
