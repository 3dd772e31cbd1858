using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Ranking.Handlers.Http;

namespace Ranking.Cli.Serve.Http;

/// <summary>
/// The transport's output, with one change: an error response that Kestrel writes on its own, before any handler
/// runs (a request line it cannot parse, headers over the limit, <c>POST *</c>), gets the API's error body. Kestrel
/// offers no hook for those answers; they are otherwise a bare status with an empty body.
/// </summary>
/// <remarks>
/// Bytes written while the application handles a request pass straight through. Bytes written outside one are held
/// until flushed, and rewritten only if they are exactly a response head with a 4xx/5xx status,
/// <c>Content-Length: 0</c> and <c>Connection: close</c> (Kestrel ends the connection after every rejection of its
/// own, so no later response on it can be misframed); anything else is forwarded unchanged.
/// </remarks>
internal sealed class ErrorShapingWriter(PipeWriter inner, ConnectionActivity activity) : PipeWriter
{
    private static readonly byte[] s_headEnd = "\r\n\r\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _held = new();
    private bool _holding;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        _holding = !activity.Handling;
        return _holding ? _held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        _holding = !activity.Handling;
        return _holding ? _held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);
    }

    public override void Advance(int bytes)
    {
        if (_holding)
        {
            _held.Advance(bytes);
        }
        else
        {
            inner.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeld();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

    public override void Complete(Exception? exception = null)
    {
        ReleaseHeld();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        ReleaseHeld();
        return inner.CompleteAsync(exception);
    }

    private void ReleaseHeld()
    {
        if (_held.WrittenCount == 0)
        {
            return;
        }

        inner.Write(Shape(_held.WrittenSpan) ?? _held.WrittenSpan);
        _held.Clear();
    }

    /// <returns>The response with an error body, or null when <paramref name="written"/> is not a bare error head.</returns>
    internal static byte[]? Shape(ReadOnlySpan<byte> written)
    {
        var end = written.IndexOf(s_headEnd);
        if (end < 0 || end + s_headEnd.Length != written.Length || !written.StartsWith("HTTP/1.1 "u8))
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(written[..end]);
        var lines = head.Split("\r\n");
        if (lines[0].Length < 12 || !int.TryParse(lines[0].AsSpan(9, 3), out var status) || status < 400
            || !lines.Skip(1).Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            || !lines.Skip(1).Any(l => l.Equals("Connection: close", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var requestId = Guid.NewGuid().ToString("N");
        var body = JsonBody.Error(KestrelRejections.ErrorFor(status), requestId).Body;
        var shaped = new StringBuilder(head.Length + 128);
        shaped.Append(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1))
        {
            if (!line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                shaped.Append(line).Append("\r\n");
            }
        }

        shaped.Append("Content-Type: application/json\r\n")
            .Append("x-request-id: ").Append(requestId).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(shaped.ToString()), .. body];
    }
}
