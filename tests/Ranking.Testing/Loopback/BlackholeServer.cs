using System.Net;
using System.Net.Sockets;

namespace Ranking.Testing.Loopback;

/// <summary>
/// A TCP port on loopback that accepts connections and never answers: a dependency that hangs, for deadline tests.
/// </summary>
public sealed class BlackholeServer : LoopbackListener
{
    /// <summary>A loopback URL where nothing listens: connections are refused at once.</summary>
    public static string RefusingUrl()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}";
    }

    protected override Task ServeAsync(TcpClient client) => Task.CompletedTask;
}
