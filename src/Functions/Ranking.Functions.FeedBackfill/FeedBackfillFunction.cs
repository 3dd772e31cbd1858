using System.Buffers;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Ranking.Contracts;
using Ranking.Functions.Hosting.Aws;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Feeds;
using Ranking.Stores.Tables;

namespace Ranking.Functions.FeedBackfill;

/// <summary>
/// One step of the feed backfill state machine: scans one segment of the feeds on a surface from where the last step
/// stopped and sends each user's re-rank message, until the segment ends or the invocation nears its deadline, then
/// answers where to go on (<c>done</c> false: the state machine invokes again). Each invocation reads at least one page. Messages that fail after the retries
/// are counted (<c>FeedsEnqueueFailures</c>, alarmed), logged by user and listed in the answer; SQS or DynamoDB
/// unreachable fails the invocation, and the state machine retries the step from the same place.
/// </summary>
internal sealed class FeedBackfillFunction(FunctionSettings settings, SegmentEnqueuer enqueuer, FunctionMetrics metrics, TimeProvider time)
{
    /// <summary>No page is started with less than this left: a page and its ten batches take well under a second, retries included a few.</summary>
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(20);
    private const int ListedFailures = 20;

    public static ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Feeds | FunctionNeeds.Queue);
        var feeds = new DynamoFeedStore(AwsClients.DynamoDb(context.Environment), settings.FeedsTable!, context.Time, context.Randomizer);
        var queue = new RerankQueue(AwsClients.Sqs(context.Environment), settings.FeedQueueUrl!, context.Time);
        var metrics = FunctionMetrics.Create(settings.MetricsNamespace, context.FunctionName ?? "feed-backfill", context.Output, context.Time);
        context.Log.Info("feed backfill ready", new LogField("feedsTable", settings.FeedsTable), new LogField("queue", settings.FeedQueueUrl));
        return ValueTask.FromResult<LambdaHandler>(new FeedBackfillFunction(settings, new SegmentEnqueuer(feeds, queue), metrics, context.Time).HandleAsync);
    }

    private async ValueTask<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            var request = SegmentRequest.Read(invocation.Payload, settings.Surfaces);
            var run = await RunAsync(request, invocation, cancellationToken);
            metrics.Instruments.FeedsEnqueued(request.Surface, run.Sent, run.Failed.Count);
            foreach (var failure in run.Failed)
            {
                invocation.Log.Error("re-rank message not sent", new LogField("surface", request.Surface), new LogField("segment", request.Segment), new LogField("user", failure));
            }

            invocation.Log.Info(
                run.Done ? "segment done" : "segment paused before the deadline",
                new LogField("surface", request.Surface), new LogField("segment", request.Segment), new LogField("scanned", run.Scanned), new LogField("sent", run.Sent), new LogField("failed", run.Failed.Count));
            return Answer(request, run);
        }
        finally
        {
            metrics.Writer.SetProperty("RequestId", invocation.RequestId);
            metrics.Writer.Flush();
        }
    }

    /// <exception cref="InvalidDataException">DynamoDB refused the request's <c>after</c> as a start of its segment: only a key an answer gave is one.</exception>
    private async Task<SegmentRun> RunAsync(SegmentRequest request, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        // The first page always runs, so every invocation moves its segment on (a timeout below the margin
        // would otherwise loop the state machine forever); later ones only while the margin is left.
        var pages = 0;
        try
        {
            return await enqueuer.RunAsync(
                request.Surface,
                request.Segment,
                request.Segments,
                request.After is { } after ? (after, request.Surface) : null,
                keepGoing: () => pages++ == 0 || invocation.Deadline - time.GetUtcNow() > s_margin,
                pace: null,
                onPage: null,
                cancellationToken);
        }
        catch (StoreException e) when (request.After is not null && e.InnerException is AmazonDynamoDBException { ErrorCode: "ValidationException" } refused)
        {
            // Retrying cannot help: the state machine must fail the step at once, as for any other bad request.
            throw new InvalidDataException(
                $"not a backfill segment request: after '{request.After}' is not where segment {request.Segment} of {request.Segments} stopped ({refused.Message})", e);
        }
    }

    /// <summary>The next step's request (<c>surface</c>, <c>segment</c>, <c>segments</c>, <c>after</c>) and what this one did.</summary>
    private static byte[] Answer(SegmentRequest request, SegmentRun run)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("surface", request.Surface);
            writer.WriteNumber("segment", request.Segment);
            writer.WriteNumber("segments", request.Segments);
            if (run.Next is { } next)
            {
                writer.WriteString("after", next.UserId);
            }
            else
            {
                writer.WriteNull("after");
            }

            writer.WriteBoolean("done", run.Done);
            writer.WriteNumber("scanned", run.Scanned);
            writer.WriteNumber("sent", run.Sent);
            writer.WriteNumber("failed", run.Failed.Count);
            writer.WriteStartArray("failures");
            foreach (var failure in run.Failed.Take(ListedFailures))
            {
                writer.WriteStringValue(failure);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
