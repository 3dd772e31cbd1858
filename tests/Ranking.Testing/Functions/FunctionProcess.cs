using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ranking.Testing.Functions;

/// <summary>A running <c>bootstrap</c> with its environment; stdout lines (logs and EMF) are kept for assertions.</summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private FunctionProcess(Process process, DateTimeOffset startedAt)
    {
        _process = process;
        StartedAt = startedAt;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Taken just before the process starts: init time runs from here to the first <c>next</c>.</summary>
    public DateTimeOffset StartedAt { get; }

    public IReadOnlyCollection<string> Output => _stdout;

    public IReadOnlyCollection<string> Errors => _stderr;

    /// <summary>
    /// The stdout lines that match, once there are at least <paramref name="count"/>: a line written after the
    /// response (impression records are) may still be on its way through the pipe when the response arrives.
    /// </summary>
    /// <exception cref="TimeoutException">Fewer matched within the timeout; the message says how many did.</exception>
    public async Task<List<string>> WaitForOutputAsync(Func<string, bool> match, int count, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var lines = _stdout.Where(match).ToList();
            if (lines.Count >= count)
            {
                return lines;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"{lines.Count} of {count} expected stdout lines after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The first stdout line that matches, waiting for it: every line a test looks for (logs, EMF) travels through
    /// the pipe on its own schedule, so one written before the response may still arrive after it.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match) => (await WaitForOutputAsync(match, 1, TimeSpan.FromSeconds(10)))[0];

    /// <summary>The process id, to read what it has mapped (<c>/proc/{id}/maps</c>).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static FunctionProcess Start(string bootstrap, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(bootstrap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(bootstrap)!,
        };
        // Only what Lambda would give, plus the test's variables: nothing leaks in from the test runner.
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var startedAt = DateTimeOffset.UtcNow;
        return new FunctionProcess(Process.Start(start)!, startedAt);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
