using System.IO.Pipelines;

namespace Ranking.Cli.Serve.Http;

/// <summary>A connection's transport with its output passed through <see cref="ErrorShapingWriter"/>.</summary>
internal sealed class ShapedTransport(IDuplexPipe transport, ConnectionActivity activity) : IDuplexPipe
{
    public PipeReader Input { get; } = transport.Input;

    public PipeWriter Output { get; } = new ErrorShapingWriter(transport.Output, activity);
}
