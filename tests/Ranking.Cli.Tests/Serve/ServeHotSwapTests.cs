using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Ranking.Testing.Models;

namespace Ranking.Cli.Tests.Serve;

/// <summary>A new version dropped into the models folder is served without a restart and without a failed request.</summary>
public sealed class ServeHotSwapTests : IAsyncLifetime
{
    private string _models = null!;
    private ServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        _models = RepoPaths.CopyModels();
        _server = await ServerFixture.StartAsync(_models);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    /// <summary>Copies version 1 of feed-ltr as <paramref name="version"/>, manifest last, as the package writer does.</summary>
    private async Task AddVersionAsync(string version, bool corruptOnnx = false)
    {
        var source = Path.Combine(_models, "feed-ltr", "1");
        var target = Directory.CreateDirectory(Path.Combine(_models, "feed-ltr", version)).FullName;
        foreach (var file in Directory.GetFiles(source).Where(f => !f.EndsWith("manifest.json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        if (corruptOnnx)
        {
            var onnx = Path.Combine(target, "model.onnx");
            var bytes = await File.ReadAllBytesAsync(onnx);
            bytes[^10] ^= 0x5A;
            await File.WriteAllBytesAsync(onnx, bytes);
        }

        var manifest = (await File.ReadAllTextAsync(Path.Combine(source, "manifest.json"))).Replace("\"version\": \"1\"", $"\"version\": \"{version}\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(target, "manifest.json"), manifest);
    }

    private async Task<(int Status, string? Version)> RankAsync()
    {
        var (status, body) = await _server.PostRankAsync("""{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"}]}""");
        return (status, status == 200 && body.GetProperty("model").ValueKind == JsonValueKind.Object ? body.GetProperty("model").GetProperty("version").GetString() : null);
    }

    [Fact]
    public async Task NewVersion_UnderContinuousRequests_SwapsWithNoFailedRequest()
    {
        var results = new ConcurrentQueue<(long Start, long End, int Status, string? Version)>();
        // A limit, not a duration: the clients stop 300 ms after the swap. The gates ran past 20 s once on a CI machine
        // building other projects at the same time, and no request could start after the swap.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var swapStarted = 0L;
        var swapDone = 0L;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            // Bounded by time, not by a count: each client stops once the swap has been done for a while, or at the
            // time limit. (A cap of 2,000 requests ran out before the gates finished on a loaded CI machine.)
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                var (status, version) = await RankAsync();
                results.Enqueue((start, Stopwatch.GetTimestamp(), status, version));
                if (Interlocked.Read(ref swapDone) != 0 && Stopwatch.GetElapsedTime(Interlocked.Read(ref swapDone)) > TimeSpan.FromMilliseconds(300))
                {
                    break;
                }
            }
        })).ToArray();

        var swappedAtStart = _server.Server.Metrics.Sum("ModelsSwapped");
        // Swap only once requests have been answered by version 1: a fixed delay was not always enough on a loaded
        // machine (the first answers took 4.5 s once, all after the swap began, and the test could not see version 1).
        while (results.Count < 8 && !stop.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        await AddVersionAsync("2");
        Interlocked.Exchange(ref swapStarted, Stopwatch.GetTimestamp());
        await _server.Server.CheckModelsAsync(CancellationToken.None);
        Interlocked.Exchange(ref swapDone, Stopwatch.GetTimestamp());
        await Task.WhenAll(clients);

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.All(results.Where(r => r.End < swapStarted), r => Assert.Equal("1", r.Version));
        Assert.All(results.Where(r => r.Start > swapDone), r => Assert.Equal("2", r.Version));
        Assert.Contains(results, r => r.Start > swapDone);
        Assert.Contains(results, r => r.End < swapStarted);
        Assert.Equal(swappedAtStart + 1, _server.Server.Metrics.Sum("ModelsSwapped"));
    }

    [Fact]
    public async Task CorruptNewVersion_KeepsTheCurrentModelAndCountsTheRejection()
    {
        await AddVersionAsync("2", corruptOnnx: true);

        await _server.Server.CheckModelsAsync(CancellationToken.None);
        await _server.Server.CheckModelsAsync(CancellationToken.None);
        var (status, version) = await RankAsync();

        Assert.Equal(200, status);
        Assert.Equal("1", version);
        Assert.Equal(1, _server.Server.Metrics.Sum("ModelsRejected_sha256"));
        var (_, health) = await _server.SendAsync(HttpMethod.Get, "/v1/health");
        var feed = health.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("surface").GetString() == "feed");
        Assert.Equal("2", feed.GetProperty("skipped")[0].GetProperty("version").GetString());
        Assert.StartsWith("sha256: ", feed.GetProperty("skipped")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorseNewVersion_IsRejectedAtTheQualityGate()
    {
        using var packages = new TestPackages();
        packages.WorseModel("feed-ltr", "2", root: _models);

        await _server.Server.CheckModelsAsync(CancellationToken.None);
        var (_, version) = await RankAsync();

        Assert.Equal("1", version);
        Assert.Equal(1, _server.Server.Metrics.Sum("ModelsRejected_quality"));
    }

    [Fact]
    public async Task Restart_WithCorruptNewestVersion_ServesTheNewestThatLoadsAndNamesTheSkippedOne()
    {
        await AddVersionAsync("2", corruptOnnx: true);

        await using var restarted = await ServerFixture.StartAsync(_models);
        var (status, body) = await restarted.PostRankAsync("""{"surface":"feed","userId":"u_1","candidates":[{"itemId":"i_1"},{"itemId":"i_2"}]}""");
        var (_, health) = await restarted.SendAsync(HttpMethod.Get, "/v1/health");

        Assert.Equal(200, status);
        Assert.Equal("1", body.GetProperty("model").GetProperty("version").GetString());
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var feed = health.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("surface").GetString() == "feed");
        Assert.Equal("1", feed.GetProperty("version").GetString());
        Assert.Equal("2", feed.GetProperty("skipped")[0].GetProperty("version").GetString());
    }
}
