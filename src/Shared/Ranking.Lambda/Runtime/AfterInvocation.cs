using Ranking.Lambda.Logging;

namespace Ranking.Lambda.Runtime;

/// <summary>Work run between invocations (see <see cref="LambdaInitContext.RunAfterEachInvocation"/>); logs with the invocation's ids.</summary>
public delegate ValueTask AfterInvocation(JsonLogger log, CancellationToken cancellationToken);
