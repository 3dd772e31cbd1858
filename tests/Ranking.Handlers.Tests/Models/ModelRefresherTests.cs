using System.Diagnostics;
using Ranking.Core.Ranking;
using Ranking.Handlers.Tests.Metrics;
using Ranking.Handlers.Models;
using Ranking.Testing.Seams;

namespace Ranking.Handlers.Tests.Models;

/// <summary>A model check that hangs costs at most its timeout, is counted, and backs off; only the caller can cancel it.</summary>
public sealed class ModelRefresherTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private readonly ManualTimeProvider _clock = new();
    private readonly StalledLocator _locator = new();
    private readonly RecordingMetrics _metrics = new();
    private readonly ModelCatalog _catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });

    public void Dispose() => _metrics.Dispose();

    private ModelRefresher Refresher() => new(_catalog, _locator, _metrics.Instruments, _clock, Interval, Timeout);

    [Fact]
    public async Task RefreshIfDue_WithAStalledSource_GivesUpAtTheTimeoutAndCountsIt()
    {
        var refresher = Refresher();
        _clock.Advance(Interval);
        var messages = new List<string>();

        var watch = Stopwatch.StartNew();
        await refresher.RefreshIfDueAsync(messages.Add, CancellationToken.None);
        watch.Stop();

        Assert.Equal(1, _locator.Calls);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1, _metrics.Sum("ModelSwapFailures"));
        Assert.True(_catalog.TryGet("feed", out var surface));
        Assert.Contains("timed out after 200 ms", surface.Unavailable, StringComparison.Ordinal);
        Assert.Contains(messages, m => m.Contains("next one in 20 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefreshIfDue_AfterFailedChecks_WaitsTwiceAsLongEachTime()
    {
        var refresher = Refresher();
        var checksAt = new List<int>();
        for (var second = 10; second <= 80; second += 10)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            var before = _locator.Calls;
            await refresher.RefreshIfDueAsync(_ => { }, CancellationToken.None);
            if (_locator.Calls > before)
            {
                checksAt.Add(second);
            }
        }

        // Due at 10 s; then 20 s, 40 s, ... after each consecutive failure.
        Assert.Equal([10, 30, 70], checksAt);
    }

    [Fact]
    public async Task RefreshIfDue_WhenTheSourceAnswersAgain_ReturnsToTheInterval()
    {
        var refresher = Refresher();
        _clock.Advance(Interval);
        await refresher.RefreshIfDueAsync(_ => { }, CancellationToken.None);
        _locator.Stalled = false;
        _clock.Advance(Interval * 2);
        await refresher.RefreshIfDueAsync(_ => { }, CancellationToken.None);
        var calls = _locator.Calls;

        _clock.Advance(Interval);
        await refresher.RefreshIfDueAsync(_ => { }, CancellationToken.None);

        Assert.Equal(calls + 1, _locator.Calls);
    }

    [Fact]
    public async Task Refresh_CancelledByTheCaller_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Refresher().RefreshAsync(_ => { }, cancelled.Token));
    }

    /// <summary>A bucket or registry that accepts the call and never answers, until cancelled.</summary>
    private sealed class StalledLocator : IModelLocator
    {
        private int _calls;

        public bool Stalled { get; set; } = true;

        public int Calls => Volatile.Read(ref _calls);

        public string Source => "a stalled source";

        public async Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Stalled)
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }

            return null;
        }

        public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) =>
            throw new InvalidDataException("no packages here");
    }
}
