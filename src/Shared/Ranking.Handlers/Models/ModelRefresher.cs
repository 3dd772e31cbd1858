using Ranking.Core.Ranking;
using Ranking.Handlers.Metrics;

namespace Ranking.Handlers.Models;

/// <summary>
/// Hot swap: asks the locator which version of each surface's model should be live and, when it differs from
/// the one serving, loads it, warms it and swaps it in. Any failure leaves the current model serving and is
/// counted. A failed version is tried again at the next check (a package may have been half-copied), but only
/// its first failure is logged.
/// </summary>
public sealed class ModelRefresher(ModelCatalog catalog, IModelLocator locator, IRankingMetrics metrics, TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(1, 1);
    // The catalog was just loaded when the refresher is built: the first check is due one interval later.
    private long _nextCheck = time.GetTimestamp() + (long)(interval.TotalSeconds * time.TimestampFrequency);

    /// <summary>
    /// Called at the start of each Lambda invocation: checks at most once per interval. No request runs while it
    /// does (an execution environment handles one invocation at a time), so swapped-out models are disposed at once.
    /// </summary>
    public async Task RefreshIfDueAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (now < Interlocked.Read(ref _nextCheck))
        {
            return;
        }

        Interlocked.Exchange(ref _nextCheck, now + (long)(interval.TotalSeconds * time.TimestampFrequency));
        foreach (var retired in await RefreshAsync(log, cancellationToken))
        {
            retired.Dispose();
        }
    }

    /// <returns>The models swapped out, for the caller to dispose once no request can be using them.</returns>
    public async Task<IReadOnlyList<RankingModel>> RefreshAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var retired = new List<RankingModel>();
        await _running.WaitAsync(cancellationToken);
        try
        {
            foreach (var surface in catalog.Surfaces.ToList())
            {
                if (await RefreshSurfaceAsync(surface, log, cancellationToken) is { } old)
                {
                    retired.Add(old);
                }
            }
        }
        finally
        {
            _running.Release();
        }

        return retired;
    }

    private async Task<RankingModel?> RefreshSurfaceAsync(SurfaceModel surface, Action<string> log, CancellationToken cancellationToken)
    {
        string? live;
        try
        {
            live = await locator.LiveVersionAsync(surface.ModelName, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.ModelSwapFailed(surface.Surface);
            catalog.MarkUnavailable(surface.Surface, $"cannot read the live version of {surface.ModelName} from {locator.Source}: {e.Message}");
            log($"cannot read the live version of {surface.ModelName} from {locator.Source}: {e.Message}");
            return null;
        }

        if (live is null)
        {
            catalog.MarkUnavailable(surface.Surface, $"no live version of {surface.ModelName} in {locator.Source}");
            return null;
        }

        if (live == surface.Model?.Version)
        {
            return null;
        }

        RankingModel next;
        try
        {
            next = await locator.LoadAsync(surface.ModelName, live, cancellationToken);
            Warm(next);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.ModelSwapFailed(surface.Surface);
            catalog.MarkUnavailable(surface.Surface, $"{surface.ModelName} {live}: {e.Message}");
            if (_failed.GetValueOrDefault(surface.Surface) != live)
            {
                _failed[surface.Surface] = live;
                log($"{surface.ModelName} {live} did not load; {surface.Model?.Version ?? "no model"} keeps serving {surface.Surface}: {e.Message}");
            }

            return null;
        }

        _failed.Remove(surface.Surface);
        var old = catalog.Swap(surface.Surface, next);
        metrics.ModelSwapped(surface.Surface);
        log($"{surface.Surface} now serves {surface.ModelName} {live} (was {old?.Version ?? "none"})");
        return old;
    }

    /// <summary>The first ONNX Runtime run allocates and plans; do it here, not on a user's request.</summary>
    private static void Warm(RankingModel model)
    {
        var row = new float[model.Plan.Width];
        model.Scorer.Score(row, 1, new float[1]);
    }
}
