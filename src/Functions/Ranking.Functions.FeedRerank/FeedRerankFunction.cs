using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Models;
using Ranking.Lambda.Configuration;
using Ranking.Lambda.Events;
using Ranking.Lambda.Hosting;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.DynamoDb;

namespace Ranking.Functions.FeedRerank;

/// <summary>
/// SQS -> re-rank each message's feed. Messages of a batch run concurrently up to a bound; every message that
/// does not succeed (malformed, failed, cut off by the deadline) is listed in <c>batchItemFailures</c>, so SQS
/// retries exactly those and, after the redrive count, moves them to the dead-letter queue. Nothing is dropped.
/// </summary>
internal sealed class FeedRerankFunction(FeedRerankHandler handler, ModelRefresher models, EmfMetrics metrics, FunctionSettings settings)
{
    public static async ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Items | FunctionNeeds.Users | FunctionNeeds.Feeds | FunctionNeeds.Models);
        var dynamo = AwsClients.DynamoDb(context.Environment);
        var metrics = new EmfMetrics(settings.MetricsNamespace, context.FunctionName ?? "feed-rerank", context.Output, context.Time);
        var rankingMetrics = new RankingEmfMetrics(metrics);
        var locator = ModelSource.Locator(settings, () => AwsClients.S3(context.Environment), () => dynamo);
        var (catalog, refresher) = await ModelSource.LoadAsync(settings, locator, rankingMetrics, context.Log, context.Time, cancellationToken);
        var handler = new FeedRerankHandler(
            catalog,
            new DynamoItemStore(dynamo, settings.ItemsTable!, timeProvider: context.Time),
            new DynamoUserStore(dynamo, settings.UsersTable!, timeProvider: context.Time),
            new DynamoFeedStore(dynamo, settings.FeedsTable!, timeProvider: context.Time),
            context.Time,
            rankingMetrics);
        return new FeedRerankFunction(handler, refresher, metrics, settings).HandleAsync;
    }

    private async ValueTask<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            await models.RefreshIfDueAsync(message => invocation.Log.Info(message), cancellationToken);
            var batch = ReadEvent(invocation.Payload);
            var failures = await ProcessAsync(batch, invocation.Log, cancellationToken);
            var response = new SqsBatchResponse { BatchItemFailures = [.. failures.Select(id => new SqsBatchItemFailure { ItemIdentifier = id })] };
            return JsonSerializer.SerializeToUtf8Bytes(response, LambdaJsonContext.Default.SqsBatchResponse);
        }
        finally
        {
            metrics.SetProperty("RequestId", invocation.RequestId);
            metrics.Flush();
        }
    }

    /// <summary>An event that is not an SQS batch names no message to fail: the invocation errors and SQS retries it whole.</summary>
    private static SqsEvent ReadEvent(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload.Span, LambdaJsonContext.Default.SqsEvent)
                ?? throw new InvalidDataException("The event is not an SQS event: it is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The event is not an SQS event: {e.Message}", e);
        }
    }

    private async Task<List<string>> ProcessAsync(SqsEvent batch, JsonLogger log, CancellationToken cancellationToken)
    {
        var anonymous = batch.Records.Count(m => m.MessageId is null);
        if (anonymous > 0)
        {
            // SQS always sends ids; without one a failure could not be reported, so say so loudly.
            metrics.Record("FeedsMalformed", anonymous, EmfUnit.Count);
            log.Error("records without messageId cannot be reported failed", new LogField("count", anonymous));
        }

        var succeeded = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.FeedConcurrency, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(batch.Records, options, async (message, token) =>
            {
                if (message.MessageId is { } id && await ProcessMessageAsync(message, id, log, token))
                {
                    succeeded[id] = true;
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Warn("deadline reached; unfinished messages are reported failed", new("done", succeeded.Count), new("batch", batch.Records.Count));
        }

        return [.. batch.Records.Where(m => m.MessageId is { } id && !succeeded.ContainsKey(id)).Select(m => m.MessageId!).Distinct()];
    }

    private async Task<bool> ProcessMessageAsync(SqsMessage message, string id, JsonLogger log, CancellationToken cancellationToken)
    {
        if (!FeedRerankMessage.TryParse(Encoding.UTF8.GetBytes(message.Body ?? ""), settings.MaxCandidates, out var parsed, out var error))
        {
            metrics.Record("FeedsMalformed", 1, EmfUnit.Count);
            log.Warn("malformed message", new("messageId", id), new("error", error), new("receiveCount", message.Attributes?.ApproximateReceiveCount));
            return false;
        }

        try
        {
            var result = await handler.HandleAsync(parsed!, cancellationToken);
            if (result.Outcome == FeedRerankOutcome.Failed)
            {
                log.Error("feed re-rank failed", new("messageId", id), new("surface", parsed!.Surface), new("error", result.Error));
                return false;
            }

            log.Info("feed processed", new("messageId", id), new("surface", parsed!.Surface), new("outcome", result.Outcome.ToString()));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A store failure or timeout: nothing was written (writes are single conditional updates), so a retry is safe.
            metrics.Record("FeedsFailed", 1, EmfUnit.Count, parsed!.Surface);
            log.Error(e, "feed re-rank threw", new("messageId", id), new("surface", parsed.Surface));
            return false;
        }
    }
}
