using System.Text;

namespace Ranking.Testing.RuntimeApi;

/// <summary>What the function posted for one invocation: its response, or its error document.</summary>
public sealed class InvocationOutcome
{
    public required string RequestId { get; init; }

    public required bool IsError { get; init; }

    /// <summary>The response payload, or the error document (<c>{"errorMessage":…,"errorType":…,"stackTrace":[…]}</c>).</summary>
    public required byte[] Body { get; init; }

    /// <summary><c>errorType</c> from the error document (falling back to the <c>Lambda-Runtime-Function-Error-Type</c> header); null for responses.</summary>
    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The <c>Lambda-Runtime-Function-Error-Type</c> header of an error post.</summary>
    public string? ErrorTypeHeader { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);
}
