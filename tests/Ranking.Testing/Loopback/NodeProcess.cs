using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ranking.Testing.Loopback;

/// <summary>
/// A node script from the repo's node_modules, listening on a loopback port. Started on a free port (retried if
/// another process took the port in between), ready once the port accepts connections, and killed with its whole
/// process tree on dispose, so no server outlives the tests.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output;

    private NodeProcess(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    /// <param name="package">The npm package, for messages.</param>
    /// <param name="script">The script's path relative to the repo root.</param>
    /// <param name="arguments">The script's arguments for a port.</param>
    public static async Task<NodeProcess> StartAsync(string package, string script, Func<int, IEnumerable<string>> arguments, CancellationToken cancellationToken = default)
    {
        var root = RepoRoot.Find();
        var scriptPath = Path.Combine(root, script);
        if (!File.Exists(scriptPath))
        {
            throw new InvalidOperationException($"{scriptPath} is missing: run npm ci at the repo root ({root}) to install {package}.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var started = Start(package, scriptPath, arguments, root);
            try
            {
                await started.WaitUntilListeningAsync(package, cancellationToken);
                return started;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await started.DisposeAsync();
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static NodeProcess Start(string package, string scriptPath, Func<int, IEnumerable<string>> arguments, string root)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments(port))
        {
            info.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        // Both pipes are drained continuously: a server that fills an unread pipe blocks mid-request.
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot start node for {package}: {e.Message}. Install Node.js and run npm ci at the repo root.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(process, output, port);
    }

    private async Task WaitUntilListeningAsync(string package, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                var output = Output();
                if (output.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    throw new PortTakenException();
                }

                throw new InvalidOperationException($"{package} exited with code {_process.ExitCode} before listening on port {Port} (run npm ci at the repo root?). Output:\n{output}");
            }

            if (await AcceptsAsync(Port, cancellationToken))
            {
                return;
            }

            if (deadline.Elapsed > s_startTimeout)
            {
                throw new TimeoutException($"{package} did not listen on 127.0.0.1:{Port} within {s_startTimeout.TotalSeconds:F0} s: run npm ci at the repo root. Output:\n{Output()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Only the start-up output matters for messages; a long-running server's request log is dropped.
            if (output.Length < 16_384)
            {
                output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private sealed class PortTakenException : Exception;
}
