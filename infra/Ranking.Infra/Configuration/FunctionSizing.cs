namespace Ranking.Infra.Configuration;

/// <summary>A function's memory (which also buys CPU on Lambda) and timeout.</summary>
internal sealed record FunctionSizing(int MemoryMb, int TimeoutSeconds);
