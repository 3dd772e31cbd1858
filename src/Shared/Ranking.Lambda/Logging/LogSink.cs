namespace Ranking.Lambda.Logging;

/// <summary>
/// The writer, clock and level shared by a root logger and every per-invocation logger derived from it, so that all
/// of them serialise on the same lock and a line is never interleaved with another.
/// </summary>
internal sealed class LogSink(TextWriter output, TimeProvider time, LogLevel minimumLevel)
{
    private readonly Lock _gate = new();

    public TimeProvider Time { get; } = time;

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public void WriteLine(string line)
    {
        lock (_gate)
        {
            output.Write(line);
            // The execution environment freezes the process as soon as the response is posted: anything still
            // buffered would surface only on the next invocation (or never), so every line is flushed.
            output.Flush();
        }
    }
}
