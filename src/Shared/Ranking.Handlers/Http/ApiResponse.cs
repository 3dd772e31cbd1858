namespace Ranking.Handlers.Http;

/// <summary>A JSON response: status code and UTF-8 body.</summary>
public sealed class ApiResponse
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public required int StatusCode { get; init; }
    public required byte[] Body { get; init; }
    public string ContentType { get; init; } = JsonContentType;
}
