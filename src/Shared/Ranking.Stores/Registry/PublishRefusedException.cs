namespace Ranking.Stores.Registry;

/// <summary>
/// <see cref="ModelPublisher"/> would not publish the package (a bad manifest, an ONNX file that does not match its
/// checksum, a version already registered). Nothing was uploaded unless the message says otherwise.
/// </summary>
public sealed class PublishRefusedException : Exception
{
    public PublishRefusedException()
    {
    }

    public PublishRefusedException(string message)
        : base(message)
    {
    }

    public PublishRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
