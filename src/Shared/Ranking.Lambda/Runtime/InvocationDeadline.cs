namespace Ranking.Lambda.Runtime;

/// <summary>
/// The handler's token: fires <c>margin</c> before the invocation's deadline, measured on the injected clock, or when
/// the loop is stopped. Disposing unhooks the stop registration before the source, so no callback races a disposed source.
/// </summary>
internal sealed class InvocationDeadline : IDisposable
{
    // CancelAfter takes at most ~49 days; an invocation lasts at most 15 minutes.
    private static readonly TimeSpan s_longest = TimeSpan.FromDays(1);

    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _stopRegistration;

    public InvocationDeadline(DateTimeOffset deadline, TimeSpan margin, TimeProvider time, CancellationToken stop)
    {
        var remaining = deadline == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : deadline - time.GetUtcNow() - margin;
        _source = remaining == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(remaining <= TimeSpan.Zero ? TimeSpan.Zero : Min(remaining, s_longest), time);
        _stopRegistration = stop.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _source);
    }

    public CancellationToken Token => _source.Token;

    public bool IsCancellationRequested => _source.IsCancellationRequested;

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _source.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
