using Ranking.Testing.Contract;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Serve;

namespace Ranking.Cli.Tests.Serve;

/// <summary><c>ranking serve</c> as its own process: every response and event it answered before a Ctrl-C is in its logs.</summary>
public sealed class ServeImpressionLogTests : IDisposable
{
    private const int Requests = 25;
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-serve-logs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_StoppedWithSigint_HasLoggedEveryResponseAndEventItAnswered()
    {
        var data = ServerFixture.WriteMarketplace(Path.Combine(_directory, "marketplace"));
        var logs = Path.Combine(_directory, "logs");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            typeof(ServeCommand).Assembly.Location, "serve", "--port", "0", "--data", data, "--models", RepoPaths.Models,
            "--surfaces", "feed=feed-ltr", "--model-poll-seconds", "600", "--log-dir", logs,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var address = await ListeningAddressAsync(process);
            using var client = ContractCheckingHandler.Client(address);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Requests; i++)
            {
                using var body = new StringContent("""{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"}]}""", Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/v1/rank", UriKind.Relative), body);
                Assert.Equal(200, (int)response.StatusCode);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var id = json.RootElement.GetProperty("requestId").GetString()!;
                ids.Add(id);
                using var feedback = new StringContent(
                    $$"""{"events":[{"type":"click","impressionId":"{{id}}","itemId":"i_2","userId":"u_1","time":"2026-12-02T10:00:00Z"}]}""", Encoding.UTF8, "application/json");
                using var accepted = await client.PostAsync(new Uri("/v1/events", UriKind.Relative), feedback);
                Assert.Equal(202, (int)accepted.StatusCode);
            }

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);

            var records = Records(logs, "impressions");
            Assert.Equal(Requests, records.Count);
            Assert.Equal(ids.Order(StringComparer.Ordinal), records.Select(r => r.GetProperty("impressionId").GetString()).Order(StringComparer.Ordinal));
            Assert.All(records, r => Assert.Equal(3, r.GetProperty("items").GetArrayLength()));
            var events = Records(logs, "events");
            Assert.Equal(ids.Order(StringComparer.Ordinal), events.Select(r => r.GetProperty("impressionId").GetString()).Order(StringComparer.Ordinal));
            Assert.All(events, e => Assert.Equal("click", e.GetProperty("type").GetString()));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.DoesNotContain("Unhandled", await stderr, StringComparison.Ordinal);
    }

    private static List<JsonElement> Records(string logs, string log) =>
        [.. Directory.GetFiles(Path.Combine(logs, log), "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).Select(line => JsonDocument.Parse(line).RootElement)];

    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        const string Listening = "listening on ";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var at = line.IndexOf(Listening, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep reading so a full pipe never blocks the server.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new Uri(line[(at + Listening.Length)..].Split(' ')[0]);
            }
        }

        throw new InvalidOperationException("serve exited before it listened");
    }
}
