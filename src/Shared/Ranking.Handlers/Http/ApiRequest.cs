namespace Ranking.Handlers.Http;

/// <summary>An HTTP request as every host hands it over: Kestrel locally, API Gateway events in Lambda.</summary>
public sealed class ApiRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? ContentType { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>True when the host stopped reading because the body exceeded the configured limit.</summary>
    public bool BodyTooLarge { get; init; }
    public required string RequestId { get; init; }
}
