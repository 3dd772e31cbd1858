using System.Globalization;
using Ranking.Contracts;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;

namespace Ranking.Cli.Serve;

/// <summary>
/// <c>serve --log-dir</c>: each record log as JSONL files rotated hourly, laid out as DESIGN.md's "Where logs go"
/// (<c>DIR/impressions/dt=YYYY-MM-DD/hour=HH/&lt;file&gt;.jsonl</c>, UTC, by the server clock when the record is
/// written). Each record goes to its file in one unbuffered write when <see cref="Write"/> is called: a record the
/// caller was told is written is on disk (in the OS's cache), a Ctrl-C loses nothing, a reader never sees half a
/// line from a buffer, and a write that fails (a full disk) throws to the caller, which refuses or counts the record,
/// after the file is cut back to the line before it. The file name carries the server's start and process id: two
/// servers on one folder never share a file.
/// </summary>
internal sealed class HourlyJsonlSink : IRecordSink, IDisposable
{
    private readonly string _directory;
    private readonly string _fileName;
    private readonly TimeProvider _time;
    private readonly IRankingMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTime Hour, FileStream Stream)> _open = new(StringComparer.Ordinal);
    private byte[] _line = new byte[64 * 1024];
    private bool _disposed;

    /// <exception cref="IOException">The folder cannot be created or written: serve refuses to start rather than log nothing.</exception>
    public HourlyJsonlSink(string directory, TimeProvider time, IRankingMetrics metrics)
    {
        _directory = Path.GetFullPath(directory);
        _time = time;
        _metrics = metrics;
        _fileName = string.Create(CultureInfo.InvariantCulture, $"serve-{time.GetUtcNow():yyyyMMdd'T'HHmmss}-{Environment.ProcessId}.jsonl");
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            var probe = Path.Combine(_directory, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--log-dir {_directory} cannot be written: {e.Message}", e);
        }
    }

    public string Directory => _directory;

    /// <exception cref="IOException">The file could not be opened or written; nothing of the record is left in it.</exception>
    public void Write(string log, ReadOnlySpan<byte> record)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_line.Length < record.Length + 1)
            {
                _line = new byte[record.Length + 1];
            }

            record.CopyTo(_line);
            _line[record.Length] = (byte)'\n';
            var stream = Current(log);
            var end = stream.Position;
            try
            {
                stream.Write(_line, 0, record.Length + 1);
            }
            catch (IOException)
            {
                CutBack(log, stream, end);
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var (log, (_, stream)) in _open)
            {
                Close(log, stream);
            }

            _open.Clear();
        }
    }

    /// <summary>The file of this hour, the previous hour's closed when the clock passed it.</summary>
    private FileStream Current(string log)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        if (_open.TryGetValue(log, out var open) && open.Hour == hour)
        {
            return open.Stream;
        }

        if (open.Stream is not null)
        {
            _open.Remove(log);
            Close(log, open.Stream);
        }

        var folder = RecordLogs.HourFolder(_directory, log, hour);
        System.IO.Directory.CreateDirectory(folder);
        // bufferSize 0: every Write is one write to the file, so a failure surfaces in Write, for this record.
        var stream = new FileStream(Path.Combine(folder, _fileName), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _open[log] = (hour, stream);
        return stream;
    }

    /// <summary>A write that failed part way (no space left) may have left part of the line: cut the file back to the last whole one.</summary>
    private void CutBack(string log, FileStream stream, long end)
    {
        try
        {
            stream.SetLength(end);
        }
        catch (IOException)
        {
            // The file cannot even be cut: reopen it next time, and readers skip the partial line as malformed.
            _open.Remove(log);
            Close(log, stream);
        }
    }

    private void Close(string log, FileStream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
            _metrics.RecordLogFailed(log);
        }
    }
}
