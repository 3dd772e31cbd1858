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
internal sealed record DevServers(int DynamoDbPid, int DynamoDbPort, int S3Pid, int S3Port, string Bucket)
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
        dynamoDbPort = Port(dynamoDbPort, "--dynamodb-port");
        s3Port = Port(s3Port, "--s3-port");
        var s3Directory = Path.Combine(state, "s3");
        Directory.CreateDirectory(s3Directory);
        var dynamo = Start(state, "dynalite", Path.Combine(modules, "dynalite", "cli.js"),
            ["--host", "127.0.0.1", "--port", Invariant($"{dynamoDbPort}"), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]);
        var s3 = Start(state, "s3rver", Path.Combine(modules, "s3rver", "bin", "s3rver.js"),
            ["--directory", s3Directory, "--address", "127.0.0.1", "--port", Invariant($"{s3Port}"), "--silent", "--configure-bucket", bucket]);
        var servers = new DevServers(dynamo.Id, dynamoDbPort, s3.Id, s3Port, bucket);
        // Written before waiting: a server that fails to listen is still stopped by dev down.
        servers.Save(state);
        await WaitListeningAsync(dynamo, "dynalite", dynamoDbPort, state, cancellationToken);
        await WaitListeningAsync(s3, "s3rver", s3Port, state, cancellationToken);
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
            return new DevServers(
                (int)json["dynamodb"]!["pid"]!, (int)json["dynamodb"]!["port"]!, (int)json["s3"]!["pid"]!, (int)json["s3"]!["port"]!, (string)json["bucket"]!);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a state file ranking dev up wrote ({e.Message}); stop its servers by hand and delete {state}", e);
        }
    }

    /// <summary>Stops each server that still runs (checked by its command line, so a reused process id is left alone).</summary>
    /// <returns>What was stopped, for the user.</returns>
    public IReadOnlyList<string> Stop()
    {
        var stopped = new List<string>();
        foreach (var (name, pid) in new[] { ("dynalite", DynamoDbPid), ("s3rver", S3Pid) })
        {
            if (!IsOurs(pid, name))
            {
                continue;
            }

            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            stopped.Add(Invariant($"{name} (pid {pid})"));
        }

        return stopped;
    }

    private void Save(string state)
    {
        var json = new JsonObject
        {
            ["dynamodb"] = new JsonObject { ["pid"] = DynamoDbPid, ["port"] = DynamoDbPort },
            ["s3"] = new JsonObject { ["pid"] = S3Pid, ["port"] = S3Port },
            ["bucket"] = Bucket,
        };
        File.WriteAllText(Path.Combine(state, StateFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static bool IsOurs(int pid, string name)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return !process.HasExited && commandLine.Contains(name, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return false;
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

    private static int Port(int port, string option)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException e)
        {
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
