namespace Ranking.Infra.Configuration;

/// <summary>A context value or a missing input that makes the stack impossible to synthesise; the message says what to set or run.</summary>
internal sealed class InfraConfigurationException(string message) : Exception(message);
