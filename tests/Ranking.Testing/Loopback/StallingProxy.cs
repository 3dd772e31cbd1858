using System.Net;
using System.Net.Sockets;

namespace Ranking.Testing.Loopback;

/// <summary>
/// A TCP proxy on loopback in front of a real server (s3rver, dynalite) that forwards faithfully until
/// <see cref="Stall"/>; from then on it accepts connections and holds every byte in both directions without
/// closing anything: a dependency that stops answering mid-flight, as a stuck network path does.
/// </summary>
public sealed class StallingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private volatile bool _stalled;

    public StallingProxy(string targetUrl)
    {
        _target = new Uri(targetUrl);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Stall() => _stalled = true;

    public void Resume() => _stalled = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Track(client);
            _ = Task.Run(() => ConnectAsync(client));
        }
    }

    private async Task ConnectAsync(TcpClient client)
    {
        try
        {
            var upstream = new TcpClient();
            Track(upstream);
            await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
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
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            while (_stalled)
            {
                await Task.Delay(50, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private void Track(TcpClient connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }
    }
}
