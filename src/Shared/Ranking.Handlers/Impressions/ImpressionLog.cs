using Ranking.Contracts;
using System.Buffers;
using System.Collections.Concurrent;
using Ranking.Core.Data;
using Ranking.Core.Ranking;
using Ranking.Handlers.Metrics;

using Ranking.Handlers.Experiments;

namespace Ranking.Handlers.Impressions;

/// <summary>
/// Logs ranked responses as impression records (DESIGN.md, "Impression record"). On the request path it only
/// decides whether the response is sampled and copies the logged rows' feature values (a few microseconds for
/// 500 items); serialising the record costs several times the ranking itself (the shortest text of each float),
/// so it happens in <see cref="WritePending"/>, which the host runs off the request path: on a timer in
/// <c>serve</c>, after the response is posted in Lambda. A record that cannot be written, or that finds the
/// backlog full, is counted and dropped: logging never fails, delays or changes a response.
/// </summary>
/// <param name="randomizer">Draws a value in [0, 1) per response of a surface sampled below 1; tests pin it.</param>
public sealed class ImpressionLog(IRecordSink sink, ImpressionLogOptions options, Func<double> randomizer, IRankingMetrics metrics)
{
    private readonly ConcurrentQueue<Impression> _pending = new();

    /// <summary>
    /// The captured values' arrays, one per waiting impression at most: the shared pool keeps a few per size, so a
    /// backlog of hundreds (serve's 50 ms between writes under load) would allocate each copy afresh.
    /// </summary>
    internal ArrayPool<float> Values { get; } = ArrayPool<float>.Create(MaxCapturedValues, Math.Max(1, options.MaxPending));
    private readonly Lock _writing = new();
    private int _pendingCount;

    /// <summary>The most values a pooled capture holds (1,000 items of 1,000 features); a larger one is allocated.</summary>
    private const int MaxCapturedValues = 1 << 20;

    internal int Top => options.Top;

    /// <summary>
    /// An observer to hand to <see cref="Ranker.Rank"/> for this response, or null when the draw leaves it out.
    /// </summary>
    /// <param name="impressionId">The response's <c>requestId</c>, which feedback events refer to.</param>
    /// <param name="model">The model whose plan filled the feature values (the surface's, also on a fallback after features).</param>
    /// <param name="experiment">The experiment and variant that served the response, logged with it.</param>
    /// <param name="hold">Capture the ranking but queue it only at <see cref="Commit"/> (<see cref="Discard"/> drops it).</param>
    public IRankingObserver? Start(
        string impressionId, DateTimeOffset time, string surface, string? userId, string? query, IReadOnlyDictionary<string, ContextValue>? context, RankingModel? model,
        bool hold = false, ExperimentTag? experiment = null, string? sessionId = null)
    {
        var share = options.SampleOf(surface);
        if (share <= 0 || (share < 1 && randomizer() >= share))
        {
            return null;
        }

        return new Impression(this)
        {
            Header = new ImpressionHeader { ImpressionId = impressionId, Time = time, Surface = surface, UserId = userId, SessionId = sessionId, Query = query, Context = context, Experiment = experiment },
            FilledBy = model,
            Held = hold,
        };
    }

    /// <summary>Queues a held impression for writing: its ranking was shown (stored). Null or uncaptured: nothing to do.</summary>
    public void Commit(IRankingObserver? observer)
    {
        if (observer is Impression { Held: true, Captured: true } impression)
        {
            Enqueue(impression);
        }
    }

    /// <summary>Drops a held impression whose ranking was never shown, giving back its place in the backlog.</summary>
    public void Discard(IRankingObserver? observer)
    {
        if (observer is Impression { Held: true, Captured: true } impression)
        {
            impression.Release();
            Interlocked.Decrement(ref _pendingCount);
        }
    }

    /// <summary>
    /// Serialises every captured impression and hands it to the sink; safe to call from any thread, one writer at a
    /// time. Returns the number of impressions written.
    /// </summary>
    public int WritePending()
    {
        var written = 0;
        lock (_writing)
        {
            while (_pending.TryDequeue(out var impression))
            {
                Interlocked.Decrement(ref _pendingCount);
                try
                {
                    ImpressionRecordWriter.Write(impression, options, sink);
                    written++;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    metrics.RecordLogFailed(RecordLogs.Impressions);
                }
                finally
                {
                    impression.Release();
                }
            }
        }

        return written;
    }

    /// <summary>
    /// Reserves a place in the backlog, or counts the impression as lost when <see cref="ImpressionLogOptions.MaxPending"/>
    /// are already waiting (a writer that stopped or cannot keep up must not grow memory without bound).
    /// </summary>
    internal bool Reserve()
    {
        if (Interlocked.Increment(ref _pendingCount) <= options.MaxPending)
        {
            return true;
        }

        Interlocked.Decrement(ref _pendingCount);
        metrics.RecordLogFailed(RecordLogs.Impressions);
        return false;
    }

    internal void Enqueue(Impression impression) => _pending.Enqueue(impression);
}
