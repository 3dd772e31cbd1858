using System.Net.Sockets;

namespace Ranking.Testing.Loopback;

/// <summary>
/// A TCP proxy on loopback in front of a real server (s3rver, dynalite) that forwards faithfully until
/// <see cref="Stall"/>; from then on it accepts connections and holds every byte in both directions without
/// closing anything: a dependency that stops answering mid-flight, as a stuck network path does.
/// </summary>
public sealed class StallingProxy(string targetUrl) : LoopbackListener
{
    private readonly Uri _target = new(targetUrl);
    private volatile bool _stalled;

    public void Stall() => _stalled = true;

    public void Resume() => _stalled = false;

    protected override async Task ServeAsync(TcpClient client)
    {
        try
        {
            var upstream = new TcpClient();
            Track(upstream);
            await upstream.ConnectAsync(_target.Host, _target.Port, Stopping.Token);
            await Task.WhenAll(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A side closed, or the proxy is being disposed.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, Stopping.Token)) > 0)
        {
            while (_stalled)
            {
                await Task.Delay(50, Stopping.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), Stopping.Token);
        }
    }
}
