namespace Ranking.Client;

/// <summary>The API answered an error: its status, code (<c>invalid_request</c>, ...) and message, which names the field.</summary>
public sealed class RankingApiException(int statusCode, string code, string message, string? requestId)
    : Exception($"{statusCode} {code}: {message}")
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public string ApiMessage { get; } = message;

    public string? RequestId { get; } = requestId;
}
