namespace Ranking.Testing.Contract;

/// <summary>A response the API's OpenAPI document does not allow.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
