namespace Ranking.ColdStart;

/// <summary>One cold start: process start to first <c>next</c>, then first event queued to its response posted.</summary>
internal readonly record struct RoundTiming(TimeSpan Init, TimeSpan FirstInvocation);
