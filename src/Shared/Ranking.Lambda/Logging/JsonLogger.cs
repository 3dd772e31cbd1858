using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ranking.Lambda.Logging;

/// <summary>
/// Writes JSON lines (<c>{"timestamp":"…Z","level":"info","message":"…","requestId":"…","traceId":"…",…}</c>), one
/// <see cref="TextWriter.Write(string)"/> per line, so CloudWatch Logs keeps each line as one event. Thread-safe.
/// A logger from <see cref="ForInvocation"/> carries the request and trace ids; per-request state lives in that
/// instance, never in statics.
/// </summary>
public sealed class JsonLogger
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // Log lines are read by people and Logs Insights, never embedded in HTML: keep non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly LogSink _sink;

    public JsonLogger(TextWriter output, TimeProvider time, LogLevel minimumLevel = LogLevel.Info)
        : this(new LogSink(output, time, minimumLevel), requestId: null, traceId: null)
    {
    }

    private JsonLogger(LogSink sink, string? requestId, string? traceId)
    {
        _sink = sink;
        RequestId = requestId;
        TraceId = traceId;
    }

    public string? RequestId { get; }

    public string? TraceId { get; }

    public LogLevel MinimumLevel => _sink.MinimumLevel;

    /// <summary>A logger writing to the same output that adds <paramref name="requestId"/> and <paramref name="traceId"/> to every line.</summary>
    public JsonLogger ForInvocation(string requestId, string? traceId) => new(_sink, requestId, traceId);

    public bool IsEnabled(LogLevel level) => level >= _sink.MinimumLevel;

    public void Debug(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Debug, message, exception: null, fields);

    public void Info(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Info, message, exception: null, fields);

    public void Warn(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Warn, message, exception: null, fields);

    public void Error(string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Error, message, exception: null, fields);

    /// <summary>Logs at error level with <c>errorType</c>, <c>errorMessage</c> and <c>stackTrace</c> taken from <paramref name="exception"/>.</summary>
    public void Error(Exception exception, string message, params ReadOnlySpan<LogField> fields) => Write(LogLevel.Error, message, exception, fields);

    public void Write(LogLevel level, string message, Exception? exception, ReadOnlySpan<LogField> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", FormatTimestamp(_sink.Time.GetUtcNow()));
            writer.WriteString("level", LevelName(level));
            writer.WriteString("message", message);
            if (RequestId is not null)
            {
                writer.WriteString("requestId", RequestId);
            }

            if (TraceId is not null)
            {
                writer.WriteString("traceId", TraceId);
            }

            if (exception is not null)
            {
                writer.WriteString("errorType", exception.GetType().FullName);
                writer.WriteString("errorMessage", exception.Message);
                writer.WriteString("stackTrace", exception.ToString());
            }

            foreach (ref readonly var field in fields)
            {
                field.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        _sink.WriteLine(ToLine(buffer.WrittenSpan));
    }

    /// <summary>Reads a level name as Lambda's advanced logging controls set it in <c>AWS_LAMBDA_LOG_LEVEL</c> (TRACE…FATAL).</summary>
    public static bool TryParseLevel(string? value, out LogLevel level)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "TRACE" or "DEBUG":
                level = LogLevel.Debug;
                return true;
            case "INFO":
                level = LogLevel.Info;
                return true;
            case "WARN" or "WARNING":
                level = LogLevel.Warn;
                return true;
            case "ERROR" or "FATAL":
                level = LogLevel.Error;
                return true;
            default:
                level = LogLevel.Info;
                return false;
        }
    }

    internal static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Info => "info",
        LogLevel.Warn => "warn",
        _ => "error",
    };

    private static string ToLine(ReadOnlySpan<byte> json)
    {
        var length = Encoding.UTF8.GetCharCount(json);
        var chars = new char[length + 1];
        Encoding.UTF8.GetChars(json, chars);
        chars[length] = '\n';
        return new string(chars);
    }
}
