using System.Text.Json;
using Ranking.Cli.Serve;

namespace Ranking.Cli.Tests.Serve;

/// <summary>Serve's own lines: model changes and client errors on stdout, bugs on stderr, each a line a log reader can parse.</summary>
public sealed class ServerLogTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public void Models_WritesAPrefixedLineToOutput()
    {
        new ServerLog(_output, _error).Models("feed now serves feed-ltr 2 (was 1)");

        Assert.Equal("models: feed now serves feed-ltr 2 (was 1)\n", _output.ToString());
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public async Task ClientErrorAsync_WritesOneJsonLineToOutput_WithTheMessageEscaped()
    {
        await new ServerLog(_output, _error).ClientErrorAsync("r1", 400, "bad \"chunk\"\nsize");

        var line = Assert.Single(_output.ToString().TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("info", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("r1", json.RootElement.GetProperty("requestId").GetString());
        Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("bad \"chunk\"\nsize", json.RootElement.GetProperty("error").GetString());
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public async Task InternalErrorAsync_WritesTheExceptionToError()
    {
        await new ServerLog(_output, _error).InternalErrorAsync("r2", new InvalidOperationException("boom"));

        using var json = JsonDocument.Parse(_error.ToString());
        Assert.Equal("error", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("r2", json.RootElement.GetProperty("requestId").GetString());
        Assert.StartsWith("System.InvalidOperationException: boom", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("", _output.ToString());
    }
}
