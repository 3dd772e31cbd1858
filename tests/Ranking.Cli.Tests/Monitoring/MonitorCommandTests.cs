using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ranking.Testing.Datasets;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests.Monitoring;

/// <summary><c>ranking monitor</c> over logs of the default feed model: versions 1 and 2 logged, drift of version 1.</summary>
public sealed class MonitorCommandTests : IDisposable
{
    private static readonly string s_package = Path.Combine(RepoRoot.Find(), "samples", "models", "feed-ltr", "1");
    private readonly LogFolder _logs = new();
    private readonly string[] _features;

    public MonitorCommandTests()
    {
        _features = [.. JsonNode.Parse(File.ReadAllText(Path.Combine(s_package, "manifest.json")))!["features"]!.AsArray().Select(f => f!["name"]!.GetValue<string>())];
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            // Every value 0 but the price: far from what training saw, on purpose.
            var values = string.Join(',', _features.Select((_, f) => f == 0 ? (2.5 + random.NextDouble() * 2).ToString("0.###", CultureInfo.InvariantCulture) : "0"));
            var line = LogFolder.ImpressionRecord($"r-{i}", "2026-12-02T10:00:00Z", _features, [("i_1", values), ("i_2", values)], version: i < 30 ? "1" : "2")
                .Replace("\"userId\":\"u_1\"", $"\"userId\":\"u_{i}\"", StringComparison.Ordinal);
            _logs.Impression("2026-12-02", line);
            if (i % 4 == 0)
            {
                _logs.Event("2026-12-02", LogFolder.EventRecord("click", $"r-{i}", "i_1", "2026-12-02T10:01:00Z"));
            }
        }
    }

    [Fact]
    public async Task Monitor_GivesOnlineMetricsByVersion_AndEachFeaturesDrift()
    {
        using var cli = new TestCli();
        var exit = await cli.RunAsync(["monitor", "--logs", _logs.Path, "--model", s_package]);

        Assert.Equal((0, ""), (exit, cli.Error));
        Assert.StartsWith("model feed-ltr: online metrics by version (each against version 1)\n", cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"\n1\s+30\s+30\s+0\.2667 ", cli.Output);
        Assert.Matches(@"\n2\s+10\s+10\s+0\.2000 ", cli.Output);
        Assert.Contains("\n2 - 1: ctr -0.0667 [", cli.Output, StringComparison.Ordinal);
        Assert.Contains("drift of feed-ltr/1 against its training baseline, 60 logged rows", cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"\n  score\s+\d\.\d{4}", cli.Output);
        Assert.All(_features, f => Assert.Matches($@"\n  {f}\s+\d+\.\d{{4}}", cli.Output));
        Assert.Matches(@"\n  item_age_days\s+\d+\.\d{4}  shifted\n", cli.Output);
    }

    [Fact]
    public async Task Monitor_WithJsonAndHtml_GivesVersionsAndDrift()
    {
        var page = Path.Combine(_logs.Path, "monitor.html");
        using var cli = new TestCli();
        var exit = await cli.RunAsync(["monitor", "--logs", _logs.Path, "--model", s_package, "--json", "--html", page]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(cli.Output);
        Assert.Equal(["1", "2"], json.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var psi = json.RootElement.GetProperty("drift").GetProperty("psi").EnumerateArray().ToList();
        Assert.Equal(["score", .. _features], psi.Select(p => p.GetProperty("name").GetString()));
        Assert.Contains("population stability index per feature", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_OfAModelNeverLogged_SaysSo()
    {
        using var other = new LogFolder();
        other.Impression("2026-12-02", LogFolder.ImpressionRecord("r", "2026-12-02T10:00:00Z", ["price"], [("i_1", "1")]).Replace("feed-ltr", "other-ltr", StringComparison.Ordinal));
        using var cli = new TestCli();

        var exit = await cli.RunAsync(["monitor", "--logs", other.Path, "--model", s_package]);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: no impression of model 'feed-ltr' in 1 files", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_OfAFolderWithoutAPackage_NamesIt()
    {
        var missing = Path.Combine(_logs.Path, "no-package");
        using var cli = new TestCli();

        var exit = await cli.RunAsync(["monitor", "--logs", _logs.Path, "--model", missing]);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --model: ", cli.Error, StringComparison.Ordinal);
        Assert.Contains(missing, cli.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _logs.Dispose();
}
