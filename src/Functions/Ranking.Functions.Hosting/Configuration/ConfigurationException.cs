namespace Ranking.Functions.Hosting.Configuration;

/// <summary>A missing or bad environment variable; the message names it and says what is expected. Fails init.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
