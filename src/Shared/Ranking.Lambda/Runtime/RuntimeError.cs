using System.Text.Json.Serialization;

namespace Ranking.Lambda.Runtime;

/// <summary>The error document the Runtime API takes on <c>init/error</c> and <c>invocation/{id}/error</c>.</summary>
internal sealed class RuntimeError
{
    [JsonPropertyName("errorMessage")]
    public required string ErrorMessage { get; init; }

    [JsonPropertyName("errorType")]
    public required string ErrorType { get; init; }

    [JsonPropertyName("stackTrace")]
    public string[] StackTrace { get; init; } = [];

    public static RuntimeError From(Exception exception) => new()
    {
        ErrorMessage = exception.Message,
        ErrorType = exception.GetType().Name,
        StackTrace = SplitStackTrace(exception.StackTrace),
    };

    private static string[] SplitStackTrace(string? stackTrace) =>
        stackTrace is null ? [] : stackTrace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
