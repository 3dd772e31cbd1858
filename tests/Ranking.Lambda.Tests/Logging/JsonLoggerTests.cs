using Ranking.Lambda.Logging;
using Ranking.Testing.Output;
using Ranking.Testing.Seams;

namespace Ranking.Lambda.Tests.Logging;

public sealed class JsonLoggerTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 12, 30, 45, 123, TimeSpan.Zero);

    private readonly LogCapture _output = new();

    private JsonLogger NewLogger(LogLevel level = LogLevel.Info) => new(_output, new FixedTimeProvider(s_now), level);

    [Fact]
    public void Info_WritesOneJsonLineWithTimestampLevelAndMessage()
    {
        NewLogger().Info("model loaded");

        var line = Assert.Single(_output.JsonLines());
        Assert.Equal("2025-03-01T12:30:45.123Z", line.GetProperty("timestamp").GetString());
        Assert.Equal("info", line.GetProperty("level").GetString());
        Assert.Equal("model loaded", line.GetProperty("message").GetString());
        Assert.False(line.TryGetProperty("requestId", out _));
    }

    [Fact]
    public void ForInvocation_AddsRequestIdAndTraceIdToEveryLine_WithoutChangingTheRoot()
    {
        var root = NewLogger();
        var invocation = root.ForInvocation("req-1", "Root=1-abc");

        invocation.Warn("slow store");
        root.Info("between invocations");

        var lines = _output.JsonLines();
        Assert.Equal("req-1", lines[0].GetProperty("requestId").GetString());
        Assert.Equal("Root=1-abc", lines[0].GetProperty("traceId").GetString());
        Assert.Equal("warn", lines[0].GetProperty("level").GetString());
        Assert.False(lines[1].TryGetProperty("requestId", out _));
    }

    [Fact]
    public void Fields_OfEachSupportedKind_AreWrittenAsTypedJson()
    {
        NewLogger().Info("ranked", ("surface", "feed"), ("candidates", 250), ("bytes", 1L << 40), ("ms", 1.25), ("fallback", false), ("model", (string?)null));

        var line = Assert.Single(_output.JsonLines());
        Assert.Equal("feed", line.GetProperty("surface").GetString());
        Assert.Equal(250, line.GetProperty("candidates").GetInt32());
        Assert.Equal(1L << 40, line.GetProperty("bytes").GetInt64());
        Assert.Equal(1.25, line.GetProperty("ms").GetDouble());
        Assert.False(line.GetProperty("fallback").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, line.GetProperty("model").ValueKind);
    }

    [Fact]
    public void Fields_NonFiniteDouble_IsWrittenAsAStringNotAnInvalidNumber()
    {
        NewLogger().Info("score", ("value", double.NaN));

        Assert.Equal("NaN", Assert.Single(_output.JsonLines()).GetProperty("value").GetString());
    }

    [Fact]
    public void Error_WithException_AddsTypeMessageAndStackTrace()
    {
        Exception caught;
        try
        {
            throw new InvalidOperationException("model missing");
        }
        catch (InvalidOperationException ex)
        {
            caught = ex;
        }

        NewLogger().Error(caught, "scoring failed");

        var line = Assert.Single(_output.JsonLines());
        Assert.Equal("error", line.GetProperty("level").GetString());
        Assert.Equal("System.InvalidOperationException", line.GetProperty("errorType").GetString());
        Assert.Equal("model missing", line.GetProperty("errorMessage").GetString());
        Assert.Contains(nameof(Error_WithException_AddsTypeMessageAndStackTrace), line.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Message_WithQuotesNewlinesAndNonAscii_StaysOneValidLine()
    {
        NewLogger().Info("line1\nline2 \"quoted\" café 😀");

        var line = Assert.Single(_output.JsonLines());
        Assert.Equal("line1\nline2 \"quoted\" café 😀", line.GetProperty("message").GetString());
    }

    [Fact]
    public void Debug_BelowMinimumLevel_IsNotWritten()
    {
        var logger = NewLogger(LogLevel.Warn);

        logger.Debug("noise");
        logger.Info("noise");
        logger.Error("kept");

        Assert.Equal("kept", Assert.Single(_output.JsonLines()).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("TRACE", LogLevel.Debug)]
    [InlineData("info", LogLevel.Info)]
    [InlineData("WARN", LogLevel.Warn)]
    [InlineData("FATAL", LogLevel.Error)]
    public void TryParseLevel_LambdaLogLevelNames_AreUnderstood(string value, LogLevel expected)
    {
        Assert.True(JsonLogger.TryParseLevel(value, out var level));
        Assert.Equal(expected, level);
    }

    [Fact]
    public void Writes_FromManyThreads_AreOneWriteCallPerLineAndNeverInterleave()
    {
        var root = NewLogger();

        Parallel.For(0, 500, i => root.ForInvocation("req-" + i, null).Info("work", ("i", i), ("padding", new string('x', 200))));

        var lines = _output.JsonLines();
        Assert.Equal(500, lines.Length);
        Assert.Equal(500, _output.WriteCalls);
        Assert.Equal(Enumerable.Range(0, 500), lines.Select(l => l.GetProperty("i").GetInt32()).Order());
        Assert.All(lines, l => Assert.Equal("req-" + l.GetProperty("i").GetInt32(), l.GetProperty("requestId").GetString()));
    }
}
