using System.Text;
using System.Text.Json;
using Ranking.Contracts;
using Ranking.Handlers.Feeds;
using Ranking.Stores.Files;
using Ranking.Testing.Functions;
using Ranking.Testing.Fuzz;
using Ranking.Testing.Loopback;
using Ranking.Testing.RuntimeApi;

namespace Ranking.Functions.Tests;

/// <summary>
/// The published FeedBackfill bootstrap against dynalite (the sample feeds) and a loopback SQS, driven as the backfill
/// state machine drives it: each segment invoked again with the answer's <c>after</c> until it says done.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class FeedBackfillFunctionTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private SqsServer _sqs = null!;
    private RunningFunction _function = null!;

    public async Task InitializeAsync()
    {
        _sqs = await SqsServer.StartAsync();
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.FeedBackfill), api =>
        {
            var environment = fixture.Bed.Environment(api);
            environment["AWS_ENDPOINT_URL_SQS"] = _sqs.ServiceUrl;
            environment[EnvironmentNames.FeedQueueUrl] = _sqs.QueueUrl("feed-rerank");
            return environment;
        });
    }

    public async Task DisposeAsync()
    {
        await _function.DisposeAsync();
        await _sqs.DisposeAsync();
    }

    [Fact]
    public async Task EverySegment_InvokedUntilDone_EnqueuesEveryStoredFeedOfTheSurfaceOnce()
    {
        const int Segments = 3;
        var invocations = 0;
        for (var segment = 0; segment < Segments; segment++)
        {
            string? after = null;
            while (true)
            {
                var outcome = await _function.Api.InvokeAsync(
                    Encoding.UTF8.GetBytes($$"""{"surface":"search","segment":{{segment}},"segments":{{Segments}},"after":{{(after is null ? "null" : $"\"{after}\"")}}}"""), timeout: TimeSpan.FromSeconds(60));
                Assert.False(outcome.IsError, outcome.ErrorMessage);
                using var document = JsonDocument.Parse(outcome.Body);
                var answer = document.RootElement;
                invocations++;
                Assert.Equal(("search", segment, Segments), (answer.GetProperty("surface").GetString(), answer.GetProperty("segment").GetInt32(), answer.GetProperty("segments").GetInt32()));
                Assert.Equal(0, answer.GetProperty("failed").GetInt32());
                if (answer.GetProperty("done").GetBoolean())
                {
                    Assert.Equal(JsonValueKind.Null, answer.GetProperty("after").ValueKind);
                    break;
                }

                after = answer.GetProperty("after").GetString();
            }
        }

        var expected = RecordJsonl.ReadFeeds(Path.Combine(FunctionTestBed.SamplesDirectory, "marketplace", "feeds.jsonl")).Where(f => f.Surface == "search").Select(f => f.UserId).Order(StringComparer.Ordinal);
        var sent = _sqs.Messages.Select(m => FeedRerankMessage.TryParse(Encoding.UTF8.GetBytes(m.Body), 1000, out var message, out var error) ? message : throw new InvalidDataException(error)).ToList();
        Assert.All(sent, m => Assert.Equal("search", m.Surface));
        Assert.Equal(expected, sent.Select(m => m.UserId).Order(StringComparer.Ordinal));
        Assert.True(invocations >= Segments);
        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.FeedsEnqueued);
    }

    [Fact]
    public async Task WithLessTimeLeftThanItsMargin_ItReadsOnePage_AndAnswersWhereToGoOn()
    {
        // A 15 s deadline is inside the 20 s margin: one page, then the answer, so even a too-short timeout makes progress.
        var outcome = await _function.Api.InvokeAsync(Encoding.UTF8.GetBytes("""{"surface":"feed","segment":0,"segments":1,"after":null}"""), timeout: TimeSpan.FromSeconds(15));

        Assert.False(outcome.IsError, outcome.ErrorMessage);
        using var answer = JsonDocument.Parse(outcome.Body);
        Assert.False(answer.RootElement.GetProperty("done").GetBoolean());
        Assert.Equal(JsonValueKind.String, answer.RootElement.GetProperty("after").ValueKind);
        Assert.Equal(100, answer.RootElement.GetProperty("scanned").GetInt64());
        Assert.Equal(answer.RootElement.GetProperty("sent").GetInt64(), _sqs.Messages.Count);
    }

    [Fact]
    public async Task DamagedRequests_AreRunOrRefusedAsInvalidData_AndTheFunctionKeepsServing()
    {
        var random = new Random(1205);
        var (ran, refused) = (0, 0);
        for (var i = 0; i < 300; i++)
        {
            var payload = TextDamage.Apply("""{"surface":"search","segment":2,"segments":3,"after":null}""", random);
            var outcome = await _function.Api.InvokeAsync(Encoding.UTF8.GetBytes(payload), timeout: TimeSpan.FromSeconds(60));
            if (outcome.IsError)
            {
                Assert.True(outcome.ErrorType == "InvalidDataException", $"{payload}: {outcome.ErrorType}: {outcome.ErrorMessage}");
                refused++;
            }
            else
            {
                using var answer = JsonDocument.Parse(outcome.Body);
                Assert.True(answer.RootElement.TryGetProperty("done", out _), payload);
                ran++;
            }
        }

        Assert.True(ran > 0 && refused > 100, $"ran {ran}, refused {refused}");
        Assert.False(_function.Process.HasExited);
    }

    [Theory]
    [InlineData("""{"surface":"home","segment":0,"segments":2}""", "surface 'home' is not configured")]
    [InlineData("""{"surface":"feed","segment":2,"segments":2}""", "segment is required: an integer from 0 to 1")]
    [InlineData("""{"surface":"feed","segment":0,"segments":0}""", "segments is required: an integer from 1 to 1000")]
    [InlineData("""{"surface":"feed","segment":0,"segments":2,"cursor":"x"}""", "unknown field 'cursor'")]
    [InlineData("""[1]""", "the event must be an object")]
    public async Task ARequestItCannotRun_FailsTheInvocationNamingTheField(string payload, string expected)
    {
        var outcome = await _function.Api.InvokeAsync(Encoding.UTF8.GetBytes(payload));

        Assert.True(outcome.IsError);
        Assert.Equal("InvalidDataException", outcome.ErrorType);
        Assert.Contains(expected, outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_sqs.Messages);
    }
}
