using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ranking.Contracts;
using Ranking.Functions.Hosting.Aws;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Functions.Hosting.Logging;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Functions.Hosting.Models;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Models;
using Ranking.Lambda.Events;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Feeds;
using Ranking.Stores.Items;
using Ranking.Stores.Users;

namespace Ranking.Functions.FeedRerank;

/// <summary>
/// SQS -> re-rank each message's feed. Messages of a batch run concurrently up to a bound; every message that
/// does not succeed (malformed, failed, cut off by the deadline) is listed in <c>batchItemFailures</c>, so SQS
/// retries exactly those and, after the redrive count, moves them to the dead-letter queue. Nothing is dropped.
/// </summary>
internal sealed class FeedRerankFunction(FeedRerankHandler handler, FunctionMetrics metrics, FunctionSettings settings)
{
    public static async ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Items | FunctionNeeds.Users | FunctionNeeds.Feeds | FunctionNeeds.Models);
        var dynamo = AwsClients.DynamoDb(context.Environment);
        var metrics = FunctionMetrics.Create(settings.MetricsNamespace, context.FunctionName ?? "feed-rerank", context.Output, context.Time);
        var rankingMetrics = metrics.Instruments;
        var locator = ModelSource.Locator(settings, () => AwsClients.S3(context.Environment), () => dynamo, context.Time, context.Randomizer);
        // A feed experiment ranks the user's stored feed as it ranks their API requests: by their variant.
        var experiments = ModelSource.Experiments(settings, dynamo, context.Time, context.Randomizer);
        var (catalog, refresher) = await ModelSource.LoadAsync(settings, locator, rankingMetrics, context.Log, context.Time, cancellationToken, experiments);
        ModelSource.RefreshAfterEachInvocation(context, refresher, metrics.Writer);
        var handler = new FeedRerankHandler(
            catalog,
            new DynamoItemStore(dynamo, settings.ItemsTable!, context.Time, context.Randomizer),
            new DynamoUserStore(dynamo, settings.UsersTable!, context.Time, context.Randomizer),
            new DynamoFeedStore(dynamo, settings.FeedsTable!, context.Time, context.Randomizer),
            context.Time,
            rankingMetrics,
            FunctionImpressions.Create(context, settings, new StdoutRecordSink(context.Output), rankingMetrics),
            message => context.Log.Warn(message));
        return new FeedRerankFunction(handler, metrics, settings).HandleAsync;
    }

    private async ValueTask<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            var batch = SqsEventReader.Read(invocation.Payload);
            var failures = await ProcessAsync(batch, invocation.Log, cancellationToken);
            var response = new SqsBatchResponse { BatchItemFailures = [.. failures.Select(id => new SqsBatchItemFailure { ItemIdentifier = id })] };
            return JsonSerializer.SerializeToUtf8Bytes(response, LambdaJsonContext.Default.SqsBatchResponse);
        }
        finally
        {
            metrics.Writer.SetProperty("RequestId", invocation.RequestId);
            metrics.Writer.Flush();
        }
    }

    private async Task<List<string>> ProcessAsync(SqsEventRecords batch, JsonLogger log, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var unreadable in batch.Unreadable)
        {
            // Counted once here; one without an id cannot be reported failed, so it is logged as an error.
            metrics.Instruments.FeedsMalformed(1);
            log.Warn("unreadable record", new("messageId", unreadable.MessageId), new("error", unreadable.Error));
            if (unreadable.MessageId is { } id)
            {
                failed.Add(id);
            }
            else
            {
                log.Error("an unreadable record without messageId cannot be reported failed");
            }
        }

        var anonymous = batch.Messages.Count(m => m.MessageId is null);
        if (anonymous > 0)
        {
            // SQS always sends ids; without one a failure could not be reported, so say so loudly.
            metrics.Instruments.FeedsMalformed(anonymous);
            log.Error("records without messageId cannot be reported failed", new LogField("count", anonymous));
        }

        var succeeded = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.FeedConcurrency, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(batch.Messages, options, async (message, cancellationToken) =>
            {
                if (message.MessageId is { } id && await ProcessMessageAsync(message, id, log, cancellationToken))
                {
                    succeeded[id] = true;
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Warn("deadline reached; unfinished messages are reported failed", new("done", succeeded.Count), new("batch", batch.Messages.Count));
        }

        failed.AddRange(batch.Messages.Where(m => m.MessageId is { } id && !succeeded.ContainsKey(id)).Select(m => m.MessageId!));
        return [.. failed.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whatever goes wrong with one message fails that message alone: nothing but cancellation escapes.</summary>
    private async Task<bool> ProcessMessageAsync(SqsMessage message, string id, JsonLogger log, CancellationToken cancellationToken)
    {
        string? surface = null;
        try
        {
            if (!FeedRerankMessage.TryParse(Encoding.UTF8.GetBytes(message.Body ?? ""), settings.MaxCandidates, out var parsed, out var error))
            {
                metrics.Instruments.FeedsMalformed(1);
                log.Warn("malformed message", new("messageId", id), new("error", error), new("receiveCount", message.Attributes?.ApproximateReceiveCount));
                return false;
            }

            surface = parsed.Surface;
            var sentAt = long.TryParse(message.Attributes?.SentTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sentMs)
                ? DateTimeOffset.FromUnixTimeMilliseconds(sentMs)
                : (DateTimeOffset?)null;
            var result = await handler.HandleAsync(parsed with { MessageId = id, SentAt = sentAt }, cancellationToken);
            if (result.Outcome == FeedRerankOutcome.Failed)
            {
                log.Error("feed re-rank failed", new("messageId", id), new("surface", surface), new("error", result.Error));
                return false;
            }

            log.Info("feed processed", new("messageId", id), new("surface", surface), new("outcome", result.Outcome.ToString()));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A store failure, a timeout or a bug: nothing was written (writes are single conditional updates), so a retry is safe.
            // Before the surface is known, only the function-level count can say so.
            if (surface is null)
            {
                metrics.Instruments.FeedsMalformed(1);
            }
            else
            {
                metrics.Instruments.FeedFailed(surface);
            }

            log.Error(e, "feed re-rank threw", new("messageId", id), new("surface", surface));
            return false;
        }
    }
}
