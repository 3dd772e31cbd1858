namespace Ranking.Lambda.Runtime;

/// <summary>
/// Seams for tests and local runs. The clock and the randomizer have no default, so the composition root (a function's
/// <c>Program</c>) names them; every other member defaults to the real Lambda environment.
/// </summary>
public sealed class LambdaBootstrapOptions
{
    /// <summary>Transport for the Runtime API client; default: a direct (never proxied) <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Default: the process environment; then <c>_X_AMZN_TRACE_ID</c> is also set per invocation.</summary>
    public IEnvironment? Environment { get; init; }

    /// <summary>Where JSON logs go; default stdout.</summary>
    public TextWriter? Output { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Draws a value in [0, 1) wherever a function samples or jitters; handed to init as <see cref="LambdaInitContext.Randomizer"/>.</summary>
    public required Func<double> Randomizer { get; init; }

    /// <summary>Enough to serialise and post a fallback answer.</summary>
    public static readonly TimeSpan DefaultDeadlineMargin = TimeSpan.FromMilliseconds(100);

    /// <summary>How long before the deadline the handler's token fires; default <see cref="DefaultDeadlineMargin"/>.</summary>
    public TimeSpan DeadlineMargin { get; init; } = DefaultDeadlineMargin;
}
