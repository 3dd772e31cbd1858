using System.Globalization;
using Ranking.Contracts;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;

namespace Ranking.Cli.Serve;

/// <summary>
/// <c>serve --log-dir</c>: each record log as JSONL files rotated hourly, laid out as DESIGN.md's "Where logs go"
/// (<c>DIR/impressions/dt=YYYY-MM-DD/hour=HH/&lt;file&gt;.jsonl</c>, UTC). Records are buffered in memory, written
/// out on a timer and on dispose, so a stop with Ctrl-C loses nothing that was written before it. The file name
/// carries the server's start and process id: two servers on one folder never share a file.
/// </summary>
internal sealed class HourlyJsonlSink : IRecordSink, IAsyncDisposable
{
    private const int BufferBytes = 64 * 1024;

    private readonly string _directory;
    private readonly string _fileName;
    private readonly TimeProvider _time;
    private readonly IRankingMetrics _metrics;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTime Hour, FileStream Stream)> _open = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <param name="flushEvery">How long a record may wait in memory before it is written to its file.</param>
    public HourlyJsonlSink(string directory, TimeProvider time, IRankingMetrics metrics, TimeSpan flushEvery)
    {
        _directory = Path.GetFullPath(directory);
        _time = time;
        _metrics = metrics;
        _fileName = string.Create(CultureInfo.InvariantCulture, $"serve-{time.GetUtcNow():yyyyMMdd'T'HHmmss}-{Environment.ProcessId}.jsonl");
        _timer = time.CreateTimer(_ => Flush(), null, flushEvery, flushEvery);
    }

    public string Directory => _directory;

    /// <exception cref="IOException">The file could not be opened or written; the caller counts and drops the record.</exception>
    public void Write(string log, ReadOnlySpan<byte> record)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = Current(log);
            stream.Write(record);
            stream.WriteByte((byte)'\n');
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
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
        var stream = new FileStream(Path.Combine(folder, _fileName), FileMode.Append, FileAccess.Write, FileShare.Read, BufferBytes);
        _open[log] = (hour, stream);
        return stream;
    }

    private void Flush()
    {
        lock (_lock)
        {
            foreach (var (log, (_, stream)) in _open)
            {
                try
                {
                    stream.Flush();
                }
                catch (IOException)
                {
                    // What was buffered is lost with the file's failure; counted, and the next write tries again.
                    _metrics.RecordLogFailed(log);
                }
            }
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
