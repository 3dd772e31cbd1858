using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Ranking.Stores.Tables;

/// <summary>Exponential backoff with full jitter, and the retry loop around one DynamoDB call.</summary>
internal sealed class Backoff
{
    private readonly DynamoRetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _randomizer;

    /// <param name="randomizer">Draws the jitter, a value in [0, 1); injected like the clock so tests pin the delays.</param>
    public Backoff(DynamoRetryOptions options, TimeProvider timeProvider, Func<double> randomizer)
    {
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
        _randomizer = randomizer;
    }

    public int MaxAttempts => _options.MaxAttempts;

    /// <summary>
    /// Full jitter (a uniform delay up to the exponential bound) spreads out the retries of the many containers
    /// that were throttled together, which is what throttling usually looks like.
    /// </summary>
    public Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var bound = _options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(bound, _options.MaxDelay.Ticks);
        var delay = TimeSpan.FromTicks((long)(capped * _randomizer()));
        return Task.Delay(delay, _timeProvider, cancellationToken);
    }

    /// <summary>Runs <paramref name="call"/>, retrying throttling errors; other SDK errors become <see cref="StoreException"/>s.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, string operation, string table, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(cancellationToken);
            }
            catch (AmazonServiceException e) when (IsThrottling(e))
            {
                if (attempt >= _options.MaxAttempts)
                {
                    throw new StoreException($"{operation} on table {table} was still throttled after {attempt} attempts: {e.Message}", e);
                }
            }
            catch (ConditionalCheckFailedException)
            {
                // A failed condition is an answer, not a fault: the caller turns it into a result.
                throw;
            }
            catch (AmazonServiceException e)
            {
                throw new StoreException($"{operation} on table {table} failed: {e.ErrorCode}: {e.Message}", e);
            }

            await DelayAsync(attempt, cancellationToken);
        }
    }

    public static bool IsThrottling(AmazonServiceException e) =>
        e is ProvisionedThroughputExceededException or RequestLimitExceededException or ThrottlingException
        || e.ErrorCode is "ThrottlingException" or "Throttling" or "ProvisionedThroughputExceededException" or "RequestLimitExceeded";
}
