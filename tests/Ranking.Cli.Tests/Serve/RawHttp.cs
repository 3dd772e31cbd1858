using System.Net.Sockets;
using System.Text;
using Ranking.Testing.Contract;

namespace Ranking.Cli.Tests.Serve;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests no HTTP client would send (bad chunking, a short body, a NUL in the
/// path). Reads one response framed by Content-Length, or until the server closes.
/// </summary>
internal static class RawHttp
{
    /// <param name="closeAfterSending">Half-close after sending: the server sees the end of the request stream.</param>
    /// <returns>Null when the server closed the connection without answering.</returns>
    public static async Task<(int Status, string Head, byte[] Body)?> SendAsync(Uri server, byte[] request, bool closeAfterSending = false, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancel.Token);
            if (closeAfterSending)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a 431 for huge headers): read what it said.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await ReadAsync(stream, buffer, cancel.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (Complete(received.ToArray()))
            {
                break;
            }
        }

        if (received.Length == 0)
        {
            return null;
        }

        var response = Parse(received.ToArray());
        CheckContract(request, response);
        return response;
    }

    /// <summary>Holds each answer to api/openapi.json, by the route its request line names (if it names one).</summary>
    private static void CheckContract(byte[] request, (int Status, string Head, byte[] Body) response)
    {
        var line = Encoding.ASCII.GetString(request, 0, Math.Max(0, request.AsSpan().IndexOf("\r\n"u8))).Split(' ');
        var routed = line.Length == 3 && line[1].StartsWith('/');
        OpenApiContract.Repository.Check(
            routed ? line[0] : null, routed ? line[1].Split('?')[0] : null, response.Status, Header(response.Head, "Content-Type")?.Split(';')[0].Trim(), response.Body);
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static async Task<int> ReadAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool Complete(byte[] data)
    {
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var length = ContentLength(Encoding.ASCII.GetString(data, 0, end));
        return length is { } l && data.Length >= end + 4 + l;
    }

    private static (int Status, string Head, byte[] Body) Parse(byte[] data)
    {
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end > 0, $"no HTTP response head in {data.Length} bytes: {Encoding.ASCII.GetString(data)}");
        var head = Encoding.ASCII.GetString(data, 0, end);
        var status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var length = ContentLength(head) ?? data.Length - end - 4;
        return (status, head, data.AsSpan(end + 4, Math.Min(length, data.Length - end - 4)).ToArray());
    }

    private static int? ContentLength(string head) =>
        Header(head, "Content-Length") is { } length ? int.Parse(length, provider: System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }
}
