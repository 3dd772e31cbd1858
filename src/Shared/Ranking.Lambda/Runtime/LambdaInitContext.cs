using System.Globalization;
using Ranking.Lambda.Logging;

namespace Ranking.Lambda.Runtime;

/// <summary>What a function gets once, before its first invocation, to build clients, models and configuration.</summary>
public sealed class LambdaInitContext
{
    public required JsonLogger Log { get; init; }

    public required IEnvironment Environment { get; init; }

    /// <summary>Where logs go (stdout in Lambda); hand it to EMF metrics so both land in the function's log stream.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    public required TimeProvider Time { get; init; }

    /// <summary>Draws a value in [0, 1), injected like <see cref="Time"/> so that whatever the function samples or jitters, a test can pin.</summary>
    public required Func<double> Randomizer { get; init; }

    public string? FunctionName => Environment.Get("AWS_LAMBDA_FUNCTION_NAME");

    public string? FunctionVersion => Environment.Get("AWS_LAMBDA_FUNCTION_VERSION");

    public string? Region => Environment.Get("AWS_REGION");

    /// <summary><c>on-demand</c>, <c>provisioned-concurrency</c> or <c>snap-start</c>.</summary>
    public string? InitializationType => Environment.Get("AWS_LAMBDA_INITIALIZATION_TYPE");

    public int? MemorySizeMb =>
        int.TryParse(Environment.Get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : null;

    internal List<AfterInvocation> AfterInvocations { get; } = [];

    /// <summary>
    /// Runs <paramref name="work"/> after each invocation's answer has been posted and before the next event is asked
    /// for. The caller already has its answer, and Lambda sends this environment no other event meanwhile, so
    /// housekeeping done here (a model refresh) is never paid for by a request. The token fires at the invocation's
    /// deadline (less the margin); an exception is logged and the loop goes on.
    /// </summary>
    public void RunAfterEachInvocation(AfterInvocation work)
    {
        ArgumentNullException.ThrowIfNull(work);
        AfterInvocations.Add(work);
    }
}
