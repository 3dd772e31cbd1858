using System.Buffers;

namespace Ranking.Training.Datasets;

/// <summary>
/// Splits a JSONL stream into lines without decoding them: each line is a span over a pooled buffer, valid until the next
/// read. The buffer grows for a line longer than it (an impression part is up to ~200 KB).
/// </summary>
internal sealed class JsonlLineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its <c>\n</c> (and <c>\r</c>); false at the end. A last line without a newline is still a line.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = searchFrom + newline;
                line = Trim(_buffer.AsSpan(_start, end - _start));
                _start = end + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            searchFrom = _end - _start;
            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Moves the unread bytes to the front, grows the buffer when they fill it, and reads more.</summary>
    private void Fill()
    {
        var pending = _end - _start;
        if (pending == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
