using System.Net;
using System.Net.Sockets;

namespace Ranking.Testing.Loopback;

/// <summary>
/// A TCP listener on an ephemeral loopback port that hands each connection to <see cref="ServeAsync"/> and keeps
/// every connection open until disposed, so a test's fake dependency never closes anything by itself.
/// </summary>
public abstract class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    protected LoopbackListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Fires when the listener is disposed.</summary>
    protected CancellationTokenSource Stopping { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Stopping.CancelAsync();
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

        Stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Deals with one accepted connection; runs on its own task, and exceptions end only that connection.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    /// <summary>Keeps <paramref name="connection"/> open until the listener is disposed.</summary>
    protected void Track(TcpClient connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }
    }

    private async Task AcceptAsync()
    {
        while (!Stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(Stopping.Token);
            Track(client);
            _ = Task.Run(() => ServeAsync(client));
        }
    }
}
