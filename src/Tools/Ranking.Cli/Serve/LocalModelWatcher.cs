using Ranking.Handlers.Models;

namespace Ranking.Cli.Serve;

/// <summary>
/// Polls the models folder and hot-swaps a surface's model when a newer version folder appears: drop
/// <c>&lt;name&gt;/&lt;version&gt;/</c> into <c>--models</c> and serve picks it up without a restart.
/// </summary>
internal sealed class LocalModelWatcher : IAsyncDisposable
{
    private readonly ModelRefresher _refresher;
    private readonly Action<string> _log;
    private readonly PeriodicTimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalModelWatcher(ModelRefresher refresher, TimeSpan interval, Action<string> log)
    {
        _refresher = refresher;
        _log = log;
        _timer = new PeriodicTimer(interval);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>One check now (tests use it instead of waiting for the timer).</summary>
    /// <remarks>
    /// A swapped-out model is not disposed: a request (or a queued feed re-rank) may still be scoring with it, and
    /// disposing frees the native session under it. Once nothing references it, the garbage collector releases it.
    /// </remarks>
    public Task CheckAsync(CancellationToken cancellationToken) => _refresher.RefreshAsync(_log, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer.Dispose();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token))
            {
                await CheckAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

}
