namespace Ranking.Client.Model;

/// <summary>The shape of every error answer: <c>{"error": {code, message, requestId}}</c>.</summary>
internal sealed record ApiErrorBody(ApiErrorDetail? Error);

internal sealed record ApiErrorDetail(string Code, string Message, string? RequestId);
