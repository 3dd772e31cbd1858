using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Ranking.Stores.Feeds;

/// <summary>
/// Sends feed re-rank messages (<see cref="RerankMessageBody"/>) in batches of ten, SQS's maximum. A message SQS
/// refuses for its own reasons is sent again with backoff (one the sender caused is not); one that still fails is
/// reported by user with the reason, never dropped silently. Used by <c>enqueue --all</c> and the FeedBackfill function.
/// </summary>
public sealed class RerankQueue(IAmazonSQS sqs, string queueUrl, TimeProvider time)
{
    public const int BatchSize = 10;
    private const int Attempts = 4;

    /// <summary>Sends one message per user of <paramref name="users"/> (at most <see cref="BatchSize"/>).</summary>
    /// <returns>How many were sent, and each user whose message was not, with why.</returns>
    public async Task<(int Sent, IReadOnlyList<string> Failed)> SendAsync(IReadOnlyList<string> users, string surface, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(users.Count, BatchSize);
        var pending = users.Select((user, i) => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), RerankMessageBody.Build(user, surface))).ToList();
        var failed = new List<string>();
        var sent = 0;
        string? lastError = null;
        for (var attempt = 0; attempt < Attempts && pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), time, cancellationToken);
            }

            try
            {
                var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(queueUrl, pending), cancellationToken);
                var refused = (response.Failed ?? []).ToDictionary(f => f.Id, f => f);
                sent += pending.Count - refused.Count;
                lastError = refused.Values.FirstOrDefault() is { } first ? $"{first.Code}: {first.Message}" : null;
                // A refusal the sender caused (a malformed message) would fail again: only SQS's own failures are retried.
                pending = [.. pending.Where(e => refused.TryGetValue(e.Id, out var f) && !(f.SenderFault ?? false))];
                failed.AddRange(refused.Values.Where(f => f.SenderFault ?? false).Select(f => $"{users[Index(f.Id)]} ({f.Code}: {f.Message})"));
            }
            catch (AmazonSQSException e) when (attempt < Attempts - 1)
            {
                lastError = e.Message;
            }
        }

        failed.AddRange(pending.Select(e => $"{users[Index(e.Id)]} ({lastError ?? "not sent"})"));
        return (sent, failed);
    }

    private static int Index(string id) => int.Parse(id, CultureInfo.InvariantCulture);
}
