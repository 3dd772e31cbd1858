using System.Text.Json;

namespace Ranking.Cli.Serve;

/// <summary>
/// Where serve's own lines go: model changes and client errors to stdout, bugs to stderr. Request threads and the
/// model watcher write at once, so each writer is used through a synchronized wrapper.
/// </summary>
internal sealed class ServerLog(TextWriter output, TextWriter error)
{
    private readonly TextWriter _output = TextWriter.Synchronized(output);
    private readonly TextWriter _error = TextWriter.Synchronized(error);

    public void Models(string message) => _output.WriteLine($"models: {message}");

    public Task ClientErrorAsync(string requestId, int status, string message) =>
        _output.WriteLineAsync($"{{\"level\":\"info\",\"requestId\":\"{requestId}\",\"message\":\"client error\",\"status\":{status},\"error\":\"{JsonEncodedText.Encode(message)}\"}}");

    public Task InternalErrorAsync(string requestId, Exception exception) =>
        _error.WriteLineAsync($"{{\"level\":\"error\",\"requestId\":\"{requestId}\",\"error\":\"{JsonEncodedText.Encode(exception.ToString())}\"}}");
}
