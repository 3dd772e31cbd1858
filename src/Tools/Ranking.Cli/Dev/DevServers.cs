using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ranking.Cli.Dev;

/// <summary>
/// dynalite and s3rver from the project's npm tools, started in the background so that they outlive <c>dev up</c>,
/// and what <c>dev down</c> needs to stop them: their process ids, ports and folders in <c>STATE/state.json</c>.
/// </summary>
/// <param name="DynamoDbStarted">The process's start time: with the pid, what tells it from a later process given the same pid.</param>
internal sealed record DevServers(int DynamoDbPid, DateTime DynamoDbStarted, int DynamoDbPort, int S3Pid, DateTime S3Started, int S3Port, string Bucket)
{
    public const string StateFile = "state.json";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    public string DynamoDbUrl => Invariant($"http://127.0.0.1:{DynamoDbPort}");
    public string S3Url => Invariant($"http://127.0.0.1:{S3Port}");

    /// <param name="dynamoDbPort">The port, or 0 for a free one.</param>
    /// <exception cref="InvalidDataException">npm ci has not been run, a port is taken, or a server did not start; the message says which.</exception>
    public static async Task<DevServers> StartAsync(string state, int dynamoDbPort, int s3Port, string bucket, CancellationToken cancellationToken)
    {
        var modules = NodeModules();
        (dynamoDbPort, s3Port) = Ports((dynamoDbPort, "--dynamodb-port"), (s3Port, "--s3-port"));
        var s3Directory = Path.Combine(state, "s3");
        Directory.CreateDirectory(s3Directory);
        using var dynamo = Start(state, "dynalite", Path.Combine(modules, "dynalite", "cli.js"),
            ["--host", "127.0.0.1", "--port", Invariant($"{dynamoDbPort}"), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]);
        using var s3 = Start(state, "s3rver", Path.Combine(modules, "s3rver", "bin", "s3rver.js"),
            ["--directory", s3Directory, "--address", "127.0.0.1", "--port", Invariant($"{s3Port}"), "--silent", "--configure-bucket", bucket]);
        var servers = new DevServers(dynamo.Id, dynamo.StartTime.ToUniversalTime(), dynamoDbPort, s3.Id, s3.StartTime.ToUniversalTime(), s3Port, bucket);
        servers.Save(state);
        try
        {
            await WaitListeningAsync(dynamo, "dynalite", dynamoDbPort, state, cancellationToken);
            await WaitListeningAsync(s3, "s3rver", s3Port, state, cancellationToken);
        }
        catch
        {
            // Neither is any use alone: stop both, keeping the logs that say why.
            servers.Stop();
            File.Delete(Path.Combine(state, StateFile));
            throw;
        }

        return servers;
    }

    /// <summary>The servers a previous <c>dev up</c> started from <paramref name="state"/>, or null when none did.</summary>
    /// <exception cref="InvalidDataException">The state file is not one dev up wrote.</exception>
    public static DevServers? Load(string state)
    {
        var path = Path.Combine(state, StateFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            var (dynamo, s3) = (json["dynamodb"]!, json["s3"]!);
            return new DevServers(
                (int)dynamo["pid"]!, (DateTime)dynamo["started"]!, (int)dynamo["port"]!, (int)s3["pid"]!, (DateTime)s3["started"]!, (int)s3["port"]!, (string)json["bucket"]!);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a state file ranking dev up wrote ({e.Message}); stop its servers by hand and delete {state}", e);
        }
    }

    /// <summary>Stops each server that still runs (its pid and start time both match, so a reused pid is left alone).</summary>
    /// <returns>What was stopped, for the user.</returns>
    /// <exception cref="IOException">A server could not be stopped; the message names it.</exception>
    public IReadOnlyList<string> Stop()
    {
        var stopped = new List<string>();
        foreach (var (name, pid, started) in new[] { ("dynalite", DynamoDbPid, DynamoDbStarted), ("s3rver", S3Pid, S3Started) })
        {
            if (Running(pid, started) is not { } process)
            {
                continue;
            }

            using (process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    throw new IOException(Invariant($"{name} (pid {pid}) could not be stopped: {e.Message}"), e);
                }

                if (!process.WaitForExit(10_000))
                {
                    throw new IOException(Invariant($"{name} (pid {pid}) did not stop within 10 s"));
                }
            }

            stopped.Add(Invariant($"{name} (pid {pid})"));
        }

        return stopped;
    }

    private void Save(string state)
    {
        var json = new JsonObject
        {
            ["dynamodb"] = new JsonObject { ["pid"] = DynamoDbPid, ["started"] = DynamoDbStarted, ["port"] = DynamoDbPort },
            ["s3"] = new JsonObject { ["pid"] = S3Pid, ["started"] = S3Started, ["port"] = S3Port },
            ["bucket"] = Bucket,
        };
        File.WriteAllText(Path.Combine(state, StateFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The process with this pid when it is the one started then (to the second), else null.</summary>
    private static Process? Running(int pid, DateTime started)
    {
        try
        {
            var process = Process.GetProcessById(pid);
            if (!process.HasExited && Math.Abs((process.StartTime.ToUniversalTime() - started).TotalSeconds) < 1)
            {
                return process;
            }

            process.Dispose();
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The project's node_modules with both servers: from the working folder or any folder above it.</summary>
    private static string NodeModules()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var modules = Path.Combine(folder.FullName, "node_modules");
            if (File.Exists(Path.Combine(modules, "dynalite", "cli.js")) && File.Exists(Path.Combine(modules, "s3rver", "bin", "s3rver.js")))
            {
                return modules;
            }
        }

        throw new InvalidDataException($"dynalite and s3rver are not installed in {Environment.CurrentDirectory} or a folder above it: run npm ci at the repository root");
    }

    /// <summary>Both ports, each checked free (or chosen, for 0) while the other is held, so two free ones differ.</summary>
    private static (int, int) Ports((int Port, string Option) first, (int Port, string Option) second)
    {
        using var a = Listen(first.Port, first.Option);
        using var b = Listen(second.Port, second.Option);
        return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
    }

    private static TcpListener Listen(int port, string option)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new InvalidDataException(Invariant($"port {port} on 127.0.0.1 is taken ({e.SocketErrorCode}): give another with {option}, or 0 for a free one"), e);
        }
    }

    /// <summary>node with the script, its output to <c>STATE/{name}.log</c> and no input, so nothing ties it to this process.</summary>
    private static Process Start(string state, string name, string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = state };
        // exec: the shell becomes node, so the process id recorded is the server's.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec node \"$@\" >>\"$RANKING_DEV_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RANKING_DEV_LOG"] = Path.Combine(state, name + ".log");
        return Process.Start(start) ?? throw new InvalidDataException($"{name} did not start");
    }

    private static async Task WaitListeningAsync(Process process, string name, int port, string state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < s_startTimeout)
        {
            if (process.HasExited)
            {
                var log = Path.Combine(state, name + ".log");
                throw new InvalidDataException(Invariant($"{name} exited at start (code {process.ExitCode}); its output is in {log}"));
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new InvalidDataException(Invariant($"{name} did not listen on 127.0.0.1:{port} within {s_startTimeout.TotalSeconds:F0} s; see {Path.Combine(state, name + ".log")}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
