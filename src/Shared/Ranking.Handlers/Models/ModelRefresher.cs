using System.Globalization;
using Ranking.Core.Ranking;
using Ranking.Handlers.Metrics;

namespace Ranking.Handlers.Models;

/// <summary>
/// Hot swap: asks the locator which version of each surface's model should be live and, when it differs from
/// the one serving, loads it, warms it and swaps it in. Any failure leaves the current model serving and is
/// counted. A failed version is tried again at the next check (a package may have been half-copied), but only
/// its first failure is logged.
/// </summary>
/// <remarks>
/// Each surface's check is bounded by <c>checkTimeout</c>: a bucket or registry table that stops answering costs at
/// most that long per surface, counts as a failure of that surface, and the surfaces keep their models. After a failed
/// check the next one waits longer (the interval doubled per consecutive failure, up to 16 times), so a
/// dependency that is down is not hammered at every invocation.
/// </remarks>
public sealed partial class ModelRefresher(ModelCatalog catalog, IModelLocator locator, IRankingMetrics metrics, TimeProvider time, TimeSpan interval, TimeSpan checkTimeout)
{
    private const int MaxBackoffDoublings = 4;

    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(1, 1);
    // The catalog was just loaded when the refresher is built: the first check is due one interval later.
    private long _nextCheck = time.GetTimestamp() + Ticks(interval, time);
    private int _consecutiveFailures;
    private bool _checkFailed;

    /// <summary>
    /// Called between Lambda invocations (after the answer is posted): checks at most once per interval, longer after
    /// failures. No request runs while it does (an execution environment handles one invocation at a time), so
    /// swapped-out models are disposed at once.
    /// </summary>
    public async Task RefreshIfDueAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (now < Interlocked.Read(ref _nextCheck) || cancellationToken.IsCancellationRequested)
        {
            // Not due, or no time left in this invocation (a busy batch ran to its deadline): the next one checks.
            return;
        }

        // Claim the slot before checking, so a check that is cancelled from outside still waits its interval.
        Interlocked.Exchange(ref _nextCheck, now + Ticks(interval, time));
        var retired = await RefreshAsync(log, cancellationToken);
        foreach (var model in retired)
        {
            model.Dispose();
        }

        _consecutiveFailures = _checkFailed ? Math.Min(_consecutiveFailures + 1, MaxBackoffDoublings) : 0;
        if (_consecutiveFailures > 0)
        {
            var wait = interval * (1 << _consecutiveFailures);
            Interlocked.Exchange(ref _nextCheck, time.GetTimestamp() + Ticks(wait, time));
            log(string.Create(CultureInfo.InvariantCulture, $"model check failed; the next one in {wait.TotalSeconds:0.#} s"));
        }
    }

    /// <returns>The models swapped out, for the caller to dispose once no request can be using them.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (not the check's own timeout).</exception>
    public async Task<IReadOnlyList<RankingModel>> RefreshAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var retired = new List<RankingModel>();
        await _running.WaitAsync(cancellationToken);
        _checkFailed = false;
        try
        {
            foreach (var surface in catalog.Surfaces.ToList())
            {
                // Each surface has its own budget: one slow package cannot starve the surfaces checked after it.
                using var timeout = new CancellationTokenSource(checkTimeout, time);
                using var check = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                if (await RefreshSurfaceAsync(surface, log, check.Token, cancellationToken) is { } old)
                {
                    retired.Add(old);
                }

                await RefreshExperimentAsync(surface.Surface, log, retired, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && retired.Count > 0)
        {
            // Models already swapped out are handed back, so the caller can still dispose them.
        }
        finally
        {
            _running.Release();
        }

        return retired;
    }

    /// <param name="check">Fires at the check's timeout or with <paramref name="caller"/>; only the caller's cancellation escapes.</param>
    private async Task<RankingModel?> RefreshSurfaceAsync(SurfaceModel surface, Action<string> log, CancellationToken check, CancellationToken caller)
    {
        string? live;
        try
        {
            live = await locator.LiveVersionAsync(surface.ModelName, check);
        }
        catch (Exception e) when (!caller.IsCancellationRequested)
        {
            return Failed(surface, $"cannot read the live version of {surface.ModelName} from {locator.Source}: {Describe(e, check)}", log);
        }

        if (live is null)
        {
            var skipped = locator.Skipped(surface.ModelName);
            catalog.MarkUnavailable(surface.Surface, skipped.Count == 0
                ? $"no live version of {surface.ModelName} in {locator.Source}"
                : $"no version of {surface.ModelName} in {locator.Source} can be served: {string.Join("; ", skipped.Select(v => $"{v.Version}: {v.Reason}"))}");
            return null;
        }

        if (live == surface.Model?.Version)
        {
            return null;
        }

        RankingModel? next = null;
        try
        {
            next = await locator.LoadAsync(surface.ModelName, live, check);
            Warm(next);
        }
        catch (Exception e) when (!caller.IsCancellationRequested)
        {
            // A model that loaded but failed its warm-up holds a native session: free it now.
            next?.Dispose();
            var problem = $"{surface.ModelName} {live}: {Describe(e, check)}";
            if (_failed.GetValueOrDefault(surface.Surface) != live)
            {
                _failed[surface.Surface] = live;
                log($"{surface.ModelName} {live} did not load; {surface.Model?.Version ?? "no model"} keeps serving {surface.Surface}: {Describe(e, check)}");
            }

            return Failed(surface, problem, log: null);
        }

        _failed.Remove(surface.Surface);
        var old = catalog.Swap(surface.Surface, next);
        if (old is not null)
        {
            // A first load is not a swap: a fresh process would otherwise report one per surface.
            metrics.ModelSwapped(surface.Surface);
        }

        log($"{surface.Surface} now serves {surface.ModelName} {live} (was {old?.Version ?? "none"})");
        return old;
    }

    private RankingModel? Failed(SurfaceModel surface, string problem, Action<string>? log)
    {
        _checkFailed = true;
        metrics.ModelSwapFailed(surface.Surface);
        catalog.MarkUnavailable(surface.Surface, problem);
        log?.Invoke(problem);
        return null;
    }

    private string Describe(Exception e, CancellationToken check) =>
        e is OperationCanceledException && check.IsCancellationRequested ? $"timed out after {(long)checkTimeout.TotalMilliseconds} ms" : e.Message;

    private static long Ticks(TimeSpan span, TimeProvider time) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>The first ONNX Runtime run allocates and plans; do it here, not on a user's request.</summary>
    private static void Warm(RankingModel model)
    {
        var row = new float[model.Plan.Width];
        model.Scorer.Score(row, 1, new float[1]);
    }
}
