using System.Text;

namespace Ranking.Testing.RuntimeApi;

/// <summary>What the function posted to <c>init/error</c>.</summary>
public sealed class InitError
{
    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    public string? ErrorTypeHeader { get; init; }

    public required byte[] Body { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);
}
