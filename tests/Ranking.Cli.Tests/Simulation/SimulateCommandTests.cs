using System.Text.Json;

namespace Ranking.Cli.Tests.Simulation;

/// <summary>
/// <c>ranking simulate</c> end to end on a small marketplace: a real serve on loopback, synthetic users clicking by
/// the generator's model, daily dataset build, training from logged features, gates and hot swap, then an A/B test and
/// an interleaving experiment between the popularity model and the final live one.
/// </summary>
public sealed class SimulateCommandTests : IDisposable
{
    private const int Days = 3;
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-simulate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ThreeDays_TrueNdcgRisesFromPopularity_GatesMatchServe_InterleavingNeedsFewerImpressionsThanAB()
    {
        using var cli = new TestCli();
        var output = Path.Combine(_directory, "run");
        var code = await cli.RunAsync(
            "simulate", "--days", $"{Days}", "--users", "300", "--requests-per-day", "600", "--trees", "150",
            "--experiment", "both", "--experiment-repeats", "5", "--experiment-impressions", "300", "--experiment-step", "10",
            "--out", output, "--json");
        Assert.True(code == 0, cli.Error);
        using var printed = JsonDocument.Parse(cli.Output);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "simulation.json")));
        // The file is the printed document, indented.
        Assert.Equal(JsonSerializer.Serialize(printed.RootElement), JsonSerializer.Serialize(written.RootElement));
        var result = printed.RootElement;

        var days = result.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(Days * 2, days.Count);
        foreach (var surface in new[] { "feed", "search" })
        {
            var ofSurface = days.Where(d => d.GetProperty("surface").GetString() == surface).ToList();
            var first = ofSurface[0];
            var last = ofSurface[^1];
            Assert.Equal("1", first.GetProperty("liveVersion").GetString());
            Assert.NotEqual("1", last.GetProperty("liveVersion").GetString());
            Assert.All(ofSurface, d => Assert.Equal(0, d.GetProperty("fallbacks").GetInt32()));
            // The popularity model's users got what they truly wanted far less often than the last day's.
            var rise = last.GetProperty("trueNdcg10").GetDouble() - first.GetProperty("trueNdcg10").GetDouble();
            Assert.True(rise > 0.1, $"{surface}: true NDCG@10 rose by {rise:F4} only");
        }

        foreach (var day in days)
        {
            var candidates = day.GetProperty("candidates").EnumerateArray().ToList();
            Assert.Equal(["plain", "debiased"], candidates.Select(c => c.GetProperty("training").GetString()));
            var submitted = Assert.Single(candidates, c => c.GetProperty("submitted").GetBoolean());
            // serve ran its own gates on the submitted package: it went live exactly when the simulator's validation passed it.
            var wentLive = day.GetProperty("liveAfter").GetString() == submitted.GetProperty("version").GetString();
            Assert.Equal(submitted.GetProperty("passedGates").GetBoolean(), wentLive);
            foreach (var candidate in candidates)
            {
                var truth = candidate.GetProperty("trueNdcg10").GetDouble();
                var click = candidate.GetProperty("clickNdcg10").GetDouble();
                Assert.InRange(truth, 0.0, 1.0);
                Assert.InRange(click, 0.0, 1.0);
                Assert.True(candidate.GetProperty("holdoutImpressions").GetInt32() > 0);
            }
        }

        // The summary is the candidates' own verdicts, counted.
        var candidatesByTraining = days.SelectMany(d => d.GetProperty("candidates").EnumerateArray()).GroupBy(c => c.GetProperty("training").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
        var agreement = result.GetProperty("gateAgreement").EnumerateArray().ToDictionary(a => a.GetProperty("training").GetString()!);
        foreach (var (training, candidates) in candidatesByTraining)
        {
            var decided = candidates.Where(c => c.GetProperty("qualityPassed").ValueKind != JsonValueKind.Null).ToList();
            var agreed = decided.Count(c => c.GetProperty("qualityPassed").GetBoolean() == c.GetProperty("trulyNotWorse").GetBoolean());
            Assert.Equal(decided.Count, agreement[training].GetProperty("decided").GetInt32());
            Assert.Equal(agreed, agreement[training].GetProperty("agreed").GetInt32());
        }

        // What the README reports: the click-based gate refuses position-debiased candidates the truth says are not worse than live.
        Assert.Contains(candidatesByTraining["debiased"], c => c.GetProperty("qualityPassed") is { ValueKind: JsonValueKind.False } && c.GetProperty("trulyNotWorse").GetBoolean());

        var summaries = result.GetProperty("experimentSummaries").EnumerateArray().ToDictionary(s => s.GetProperty("mode").GetString()!);
        var interleave = summaries["interleave"];
        var ab = summaries["ab"];
        Assert.Equal(5, interleave.GetProperty("reached").GetInt32());
        var interleaveMedian = interleave.GetProperty("medianImpressionsToSignificance").GetDouble();
        var abMedian = ab.GetProperty("medianImpressionsToSignificance") is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : double.PositiveInfinity;
        Assert.True(interleaveMedian < abMedian, $"interleaving needed {interleaveMedian} impressions, A/B {abMedian}");
        // The A/B arms show which model is truly better: the treatment, the model the loop learned.
        var abTruth = ab.GetProperty("trueNdcg10");
        Assert.True(abTruth.GetProperty("treatment").GetDouble() > abTruth.GetProperty("control").GetDouble());

        // What serve logged is what dataset build and the experiment report read: the folder holds them for a user to rerun.
        Assert.True(Directory.EnumerateFiles(Path.Combine(output, "logs", "impressions"), "*.jsonl", SearchOption.AllDirectories).Any());
        Assert.True(File.Exists(Path.Combine(output, "datasets", "feed.parquet")));
    }

    [Fact]
    public async Task Url_DrivesAServeRunningOverAPreparedFolder()
    {
        var folder = Path.Combine(_directory, "prepared");
        using (var prepare = new TestCli())
        {
            Assert.Equal(0, await prepare.RunAsync("simulate", "--prepare", "--users", "200", "--out", folder));
            Assert.Contains($"ranking serve --data {folder}/data --models {folder}/models --log-dir {folder}/logs --experiments {folder}/experiments", prepare.Output);
        }

        // The real serve command, as the prepare step told a user to run it (on a free port), on the wall clock: the
        // simulated days lie in its past, as they would for a user today.
        using var serveCli = new TestCli { Time = TimeProvider.System };
        using var stop = new CancellationTokenSource();
        var serving = serveCli.RunAsync(
            ["serve", "--port", "0", "--data", $"{folder}/data", "--models", $"{folder}/models", "--log-dir", $"{folder}/logs", "--experiments", $"{folder}/experiments", "--model-poll-seconds", "1"],
            stop.Token);
        try
        {
            var address = await ListeningAddressAsync(serveCli, serving);
            using var cli = new TestCli();
            var code = await cli.RunAsync(
                "simulate", "--url", address, "--users", "200", "--days", "2", "--requests-per-day", "1000", "--trees", "100",
                "--experiment", "interleave", "--experiment-repeats", "1", "--experiment-impressions", "100", "--out", folder, "--json");
            Assert.True(code == 0, cli.Error);
            using var printed = JsonDocument.Parse(cli.Output);
            var days = printed.RootElement.GetProperty("days").EnumerateArray().ToList();
            Assert.Equal(4, days.Count);
            foreach (var surface in new[] { "feed", "search" })
            {
                var (first, second) = (days.First(d => d.GetProperty("surface").GetString() == surface), days.Last(d => d.GetProperty("surface").GetString() == surface));
                Assert.Equal("1", first.GetProperty("liveVersion").GetString());
                Assert.Equal(500, first.GetProperty("impressions").GetInt32());
                // The running serve took up (or refused) each submitted version on its own poll; the second day ran on
                // what it decided. (Two small days are too few to assert the rise the in-process test does.)
                Assert.Equal(first.GetProperty("liveAfter").GetString(), second.GetProperty("liveVersion").GetString());
                var submitted = first.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("submitted").GetBoolean());
                var decided = submitted.GetProperty("passedGates").GetBoolean() ? "passed the gates" : "rejected, not served";
                Assert.Contains($"models: {surface}-ltr 2 {decided}", serveCli.Output);
            }

            var run = Assert.Single(printed.RootElement.GetProperty("experiments").EnumerateArray());
            Assert.Equal(10, run.GetProperty("checkpoints").EnumerateArray().Count());
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    [Fact]
    public async Task Url_RefusesAFolderNotPreparedWithTheSameSeedAndUsers()
    {
        var folder = Path.Combine(_directory, "other");
        using var cli = new TestCli();
        Assert.Equal(2, await cli.RunAsync("simulate", "--url", "http://127.0.0.1:9", "--out", folder));
        Assert.Contains("is missing: prepare the folder first (ranking simulate --prepare", cli.Error);

        Assert.Equal(0, await cli.RunAsync("simulate", "--prepare", "--users", "200", "--out", folder));
        Assert.Equal(2, await cli.RunAsync("simulate", "--url", "http://127.0.0.1:9", "--users", "300", "--out", folder));
        Assert.Contains("was generated with another --seed or --users than 7 and 300", cli.Error);

        Assert.Equal(2, await cli.RunAsync("simulate", "--url", "ftp://somewhere", "--out", folder));
        Assert.Contains("--url must be an http(s) address", cli.Error);
        Assert.Equal(2, await cli.RunAsync("simulate", "--url", "http://127.0.0.1:9", "--prepare", "--out", folder));
        Assert.Contains("give one at a time", cli.Error);
    }

    private static async Task<string> ListeningAddressAsync(TestCli serve, Task<int> serving)
    {
        for (var i = 0; i < 600; i++)
        {
            var line = serve.Output.Split('\n').FirstOrDefault(l => l.StartsWith("listening on ", StringComparison.Ordinal));
            if (line is not null)
            {
                return line["listening on ".Length..].Split(' ')[0];
            }

            Assert.False(serving.IsCompleted, serve.Error);
            await Task.Delay(100);
        }

        throw new TimeoutException("serve did not start: " + serve.Output + serve.Error);
    }

    [Fact]
    public async Task BadOptions_AreRefusedByName_BeforeAnythingRuns()
    {
        using var cli = new TestCli();
        var output = Path.Combine(_directory, "bad");
        Assert.Equal(2, await cli.RunAsync("simulate", "--days", "0", "--requests-per-day", "5", "--experiment-step", "3", "--out", output));
        Assert.Contains("--days must be 1 to 365, not 0", cli.Error);
        Assert.Contains("--requests-per-day must be 20 to 1000000, not 5", cli.Error);
        Assert.Contains("--experiment-step must be at least 10, not 3", cli.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task UnknownExperimentMode_IsAParseError()
    {
        using var cli = new TestCli();
        Assert.Equal(TestCli.ParseError, await cli.RunAsync("simulate", "--experiment", "abc", "--out", Path.Combine(_directory, "x")));
        Assert.Contains("abc", cli.Error);
    }

    [Fact]
    public async Task NonEmptyOut_IsRefusedWithoutForce()
    {
        var output = Path.Combine(_directory, "used");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        using var cli = new TestCli();
        Assert.Equal(2, await cli.RunAsync("simulate", "--days", "1", "--out", output));
        Assert.Contains("is not empty; give --force", cli.Error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }
}
