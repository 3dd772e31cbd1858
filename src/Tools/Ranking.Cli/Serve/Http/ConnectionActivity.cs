namespace Ranking.Cli.Serve.Http;

/// <summary>
/// Whether the application is handling a request on one HTTP/1.1 connection. Requests on a connection run one at a
/// time, so anything Kestrel writes while no request is being handled is a response of its own: a rejection of a
/// request it could not parse (see <see cref="ErrorShapingWriter"/>).
/// </summary>
internal sealed class ConnectionActivity
{
    private int _handling;

    public bool Handling => Volatile.Read(ref _handling) != 0;

    public void Begin() => Volatile.Write(ref _handling, 1);

    /// <summary>Call only once the response has been completed (flushed), so no byte of it is written after this.</summary>
    public void End() => Volatile.Write(ref _handling, 0);
}
