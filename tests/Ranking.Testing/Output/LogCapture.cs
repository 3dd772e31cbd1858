using System.Text;
using System.Text.Json;

namespace Ranking.Testing.Output;

/// <summary>A thread-safe TextWriter that keeps every line written, for asserting on JSON logs and EMF output.</summary>
public sealed class LogCapture : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private int _writeCalls;

    public override Encoding Encoding => Encoding.UTF8;

    public int WriteCalls => Volatile.Read(ref _writeCalls);

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        Interlocked.Increment(ref _writeCalls);
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public string[] Lines()
    {
        lock (_gate)
        {
            return _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    public JsonElement[] JsonLines() => Lines().Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
}
