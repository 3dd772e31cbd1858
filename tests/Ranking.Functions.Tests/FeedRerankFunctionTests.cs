using System.Text.Json;
using Ranking.Contracts;
using Ranking.Stores.Feeds;
using Ranking.Testing.Functions;
using Ranking.Testing.Seams;

namespace Ranking.Functions.Tests;

/// <summary>The published FeedRerank bootstrap on SQS batches, writing feeds in dynalite, models from a folder.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FeedRerankFunctionTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private RunningFunction _function = null!;

    public async Task InitializeAsync() =>
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.FeedRerank), api =>
        {
            var environment = fixture.Bed.Environment(api);
            environment["RANKING_MODEL_DIR"] = Path.Combine(FunctionTestBed.SamplesDirectory, "models");
            return environment;
        });

    public async Task DisposeAsync() => await _function.DisposeAsync();

    private static string Batch(params (string Id, string Body)[] messages) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Records"] = messages.Select(m => new Dictionary<string, object>
        {
            ["messageId"] = m.Id,
            ["receiptHandle"] = "handle-" + m.Id,
            ["body"] = m.Body,
            ["attributes"] = new Dictionary<string, string> { ["ApproximateReceiveCount"] = "1", ["SentTimestamp"] = "1767225600000" },
            ["messageAttributes"] = new Dictionary<string, object>(),
            ["md5OfBody"] = "",
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:ranking-feed-rerank",
            ["awsRegion"] = "us-east-1",
        }).ToArray(),
    });

    [Fact]
    public async Task Batch_WithValidMalformedAndInlineMessages_FailsExactlyTheMalformedOne()
    {
        var response = await _function.InvokeAsync(Batch(
            ("m-valid", """{"userId":"u_2","surface":"feed"}"""),
            ("m-bad", "{not json"),
            ("m-inline", """{"userId":"u_new","surface":"feed","candidates":[{"itemId":"i_10"},{"itemId":"i_11"},{"itemId":"i_12"}]}"""),
            ("m-unknown-surface", """{"userId":"u_2","surface":"homepage"}""")));

        var failed = response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).Order();
        Assert.Equal(["m-bad", "m-unknown-surface"], failed);

        var feeds = new DynamoFeedStore(fixture.Bed.DynamoDb, FunctionTestBed.FeedsTable, TimeProvider.System, Randomizers.Midpoint);
        var stored = await feeds.GetFeedAsync("u_2", "feed", CancellationToken.None);
        Assert.NotNull(stored!.Ranked);
        Assert.Equal("feed-ltr", stored.ModelName);
        Assert.Equal(stored.CandidatesVersion, stored.RankedFromVersion);
        Assert.InRange(stored.Ranked!.Count, 1, stored.Candidates.Count);

        var inline = await feeds.GetFeedAsync("u_new", "feed", CancellationToken.None);
        Assert.Equal(["i_10", "i_11", "i_12"], inline!.Candidates);
        Assert.Equal(inline.CandidatesVersion, inline.RankedFromVersion);
        Assert.NotEmpty(inline.Ranked!);
    }

    [Fact]
    public async Task Rerank_LogsTheStoredRankingAsAnImpression_UnderTheIdTheFeedKeeps()
    {
        await _function.InvokeAsync(Batch(("m-logged", """{"userId":"u_4","surface":"feed"}""")));

        var line = Assert.Single(await _function.Process.WaitForOutputAsync(l => l.Contains("\"impressionId\":\"feed-m-logged\"", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(10)));
        using var record = JsonDocument.Parse(line);
        var root = record.RootElement;
        Assert.Equal("impression", root.GetProperty("log").GetString());
        // The message's SentTimestamp (2026-01-01T00:00:00Z) is the as-of time, so a retry ranks as the first try.
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), root.GetProperty("time").GetDateTimeOffset());
        var feeds = new DynamoFeedStore(fixture.Bed.DynamoDb, FunctionTestBed.FeedsTable, TimeProvider.System, Randomizers.Midpoint);
        var stored = await feeds.GetFeedAsync("u_4", "feed", CancellationToken.None);
        Assert.Equal("feed-m-logged", stored!.ImpressionId);
        Assert.Equal(stored.Ranked!.Select(r => r.ItemId), root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task SameMessageTwice_GivesTheSameStoredRanking()
    {
        var message = Batch(("m-1", """{"userId":"u_3","surface":"feed"}"""));
        await _function.InvokeAsync(message);
        var feeds = new DynamoFeedStore(fixture.Bed.DynamoDb, FunctionTestBed.FeedsTable, TimeProvider.System, Randomizers.Midpoint);
        var first = await feeds.GetFeedAsync("u_3", "feed", CancellationToken.None);

        var again = await _function.InvokeAsync(message);
        var second = await feeds.GetFeedAsync("u_3", "feed", CancellationToken.None);

        Assert.Equal(0, again.GetProperty("batchItemFailures").GetArrayLength());
        Assert.Equal(first!.Ranked, second!.Ranked);
        Assert.Equal(first.CandidatesVersion, second.CandidatesVersion);
    }

    [Fact]
    public async Task MessageForUserWithoutFeed_SucceedsAndIsCountedEmpty()
    {
        var response = await _function.InvokeAsync(Batch(("m-empty", """{"userId":"nobody","surface":"feed"}""")));

        Assert.Equal(0, response.GetProperty("batchItemFailures").GetArrayLength());
        await _function.Process.WaitForLineAsync(l => l.Contains("\"FeedsEmpty\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_WithPoisonMessages_FailsExactlyThoseAndWritesTheGoodFeeds()
    {
        var feeds = new DynamoFeedStore(fixture.Bed.DynamoDb, FunctionTestBed.FeedsTable, TimeProvider.System, Randomizers.Midpoint);
        var before = await feeds.GetFeedAsync("u_3", "feed", CancellationToken.None);
        var payload = System.Text.Encoding.UTF8.GetBytes(Batch(
            ("m-good-1", """{"userId":"u_4","surface":"feed"}"""),
            ("m-surrogate", """{"userId":"\ud800","surface":"feed"}"""),
            ("m-utf8", """{"userId":"u_INVALID","surface":"feed"}"""),
            ("m-not-json", "not json at all"),
            ("m-good-2", """{"userId":"u_3","surface":"feed"}""")));
        var marker = System.Text.Encoding.UTF8.GetBytes("INVALID");
        var at = payload.AsSpan().IndexOf(marker);
        payload = [.. payload.AsSpan(0, at), 0xFF, 0xFE, .. payload.AsSpan(at + marker.Length)];

        var response = await _function.InvokeAsync(payload);

        var failed = response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).Order();
        Assert.Equal(["m-not-json", "m-surrogate", "m-utf8"], failed);
        var good1 = await feeds.GetFeedAsync("u_4", "feed", CancellationToken.None);
        var good2 = await feeds.GetFeedAsync("u_3", "feed", CancellationToken.None);
        Assert.Equal(good1!.CandidatesVersion, good1.RankedFromVersion);
        Assert.NotEmpty(good1.Ranked!);
        Assert.NotEmpty(good2!.Ranked!);
        Assert.True(good2.RankedAt > (before?.RankedAt ?? DateTimeOffset.MinValue));
        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.FeedsMalformed);
    }
}
