using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ranking.Cli.Serve;
using Ranking.Cli.Serve.Dashboard;
using Ranking.Core.Experiments;
using Ranking.Handlers;
using Ranking.Handlers.Metrics;
using Ranking.Stores.Experiments;
using Ranking.Testing.Browser;
using Ranking.Testing.Contract;
using Ranking.Testing.Loopback;
using static Ranking.Cli.Tests.Serve.PrometheusSamples;

namespace Ranking.Cli.Tests.Serve;

/// <summary>
/// serve's <c>/metrics</c> and its dashboard at <c>/</c>, on the sample marketplace and models, read in headless
/// Chromium: every number the page shows is checked against <c>/metrics</c>, before and after the load script runs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServeDashboardTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-dashboard-").FullName;
    private LocalServer _server = null!;
    private HttpClient _client = null!;
    private HeadlessChromium _browser = null!;

    public async Task InitializeAsync()
    {
        var experiments = Path.Combine(_directory, "experiments");
        // An A/B test on feed whose variants trip their p99 guardrail within their first requests: the page shows the verdicts.
        await new FolderExperimentStore(experiments).TryStartAsync(
            new Experiment
            {
                Id = "fast-or-not",
                Surface = "feed",
                Mode = ExperimentModes.AB,
                Variants = [new ExperimentVariant { Name = "control", Model = ExperimentVariant.Live }, new ExperimentVariant { Name = "treatment", Model = "feed-ltr:1" }],
                StartedAt = DateTimeOffset.UtcNow,
                Guardrail = new ExperimentGuardrail { MaxP99Ms = 0.001, Window = 20, MinRequests = 5 },
            },
            CancellationToken.None);
        var options = new ServeOptions
        {
            Port = 0,
            DataDirectory = RepoPaths.Marketplace,
            ModelsDirectory = RepoPaths.Models,
            LogDirectory = Path.Combine(_directory, "logs"),
            ExperimentsDirectory = experiments,
            Ranking = new RankingOptions { DriftWindow = 40 },
        };
        _server = await LocalServer.StartAsync(options, TimeProvider.System, Random.Shared.NextDouble, new ServerLog(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        _client = ContractCheckingHandler.Client(_server.Address);
        _browser = await HeadlessChromium.LaunchAsync(Patience);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Metrics_AreThePrometheusTextOfWhatTheInstrumentsRecorded()
    {
        var served = await SendTrafficAsync(rankings: 30, malformed: 3);

        using var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var samples = Parse(text);

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType.Parameters.Single(p => p.Name == "version").Value);
        Assert.Equal(served["feed"], Sum(samples, "ranking_rank_latency_milliseconds_count", ("surface", "feed")));
        Assert.Equal(served["search"], Sum(samples, "ranking_rank_latency_milliseconds_count", ("surface", "search")));
        Assert.Equal(_server.Metrics.Sum("RankLatency"), served["feed"] + served["search"]);
        Assert.Equal(3, Sum(samples, "ranking_requests_rejected_total", ("code", "invalid_json")));
        Assert.Contains("# TYPE ranking_rank_latency_milliseconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE ranking_rules_removed_total counter", text, StringComparison.Ordinal);
        // Buckets are cumulative and end at +Inf with the count.
        foreach (var surface in new[] { "feed", "search" })
        {
            var buckets = samples.Where(s => s.Name == "ranking_rank_latency_milliseconds_bucket" && s.Labels["surface"] == surface).ToList();
            Assert.Equal(15, buckets.Count);
            Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value));
            Assert.Equal("+Inf", buckets[^1].Labels["le"]);
            Assert.Equal(served[surface], buckets[^1].Value);
        }
    }

    [Fact]
    public async Task Dashboard_ShowsEachSurface_AndEveryNumberOnItIsWhatMetricsSays()
    {
        await SendTrafficAsync(rankings: 200, malformed: 2);

        var page = await _browser.OpenAsync(new Uri(_server.Address, "/?every=250"), Patience);
        await page.WaitForAsync("window.dashboard && window.dashboard.updates >= 1", Patience);

        var numbers = await ShownNumbersAsync(page);
        var samples = Parse(await _client.GetStringAsync("/metrics"));
        AssertMatch(numbers, samples);
        Assert.True(numbers.Count >= 40, $"only {numbers.Count} numbers on the page");
        // Among them: drift per feature (the window of 40 closed), rules, refused requests and the guardrail.
        Assert.Contains(numbers, n => n.Metric == "ranking_drift_feature_psi");
        Assert.Contains(numbers, n => n.Metric == "ranking_rules_removed_total" && n.Labels.GetValueOrDefault("reason") == "excluded");
        Assert.Contains(numbers, n => n.Metric == "ranking_requests_rejected_total" && n.Labels.GetValueOrDefault("code") == "invalid_json" && n.Shown == 2);
        Assert.Contains(numbers, n => n.Metric == "ranking_experiments_guardrail_trips_total" && n.Shown == 2);

        var view = await page.EvaluateAsync("""
            JSON.stringify([...document.querySelectorAll('section[data-surface]')].map(card => ({
              surface: card.dataset.surface,
              version: card.querySelector('[data-field=version]').textContent,
              gates: [...card.querySelectorAll('td.passed')].length,
              bars: [...card.querySelectorAll('svg[data-chart=latency] rect')].map(r => Number(r.dataset.count)),
              stopped: [...card.querySelectorAll('td.stopped')].map(td => td.parentElement.textContent),
            })))
            """);
        var cards = JsonDocument.Parse(view.GetString()!).RootElement;
        Assert.Equal(["feed", "search"], cards.EnumerateArray().Select(c => c.GetProperty("surface").GetString()));
        foreach (var card in cards.EnumerateArray())
        {
            var surface = card.GetProperty("surface").GetString()!;
            Assert.Equal("version 1", card.GetProperty("version").GetString());
            Assert.Equal(6, card.GetProperty("gates").GetInt32());
            var bars = card.GetProperty("bars").EnumerateArray().Select(b => b.GetDouble()).ToList();
            Assert.Equal(15, bars.Count);
            Assert.Equal(Sum(samples, "ranking_rank_latency_milliseconds_count", ("surface", surface)), bars.Sum());
        }

        // A p99 limit of 1 us stops both variants: each row says so and why.
        var stopped = cards[0].GetProperty("stopped").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(2, stopped.Count);
        Assert.All(stopped, row => Assert.Contains("p99", row, StringComparison.Ordinal));

        // The experiment's report, as the page shows it, is the report endpoint's, which is what the CLI reports from the same logs.
        await page.WaitForAsync("document.querySelector('[data-report=\"fast-or-not\"] tr[data-variant]')", Patience);
        var shownReport = JsonDocument.Parse((await page.EvaluateAsync("""
            JSON.stringify([...document.querySelectorAll('[data-report] tr[data-variant]')].map(row => ({
              variant: row.dataset.variant,
              impressions: Number(row.querySelector('[data-field=impressions]').textContent),
              ctr: row.querySelector('[data-field=ctr]').textContent,
              verdict: row.querySelector('[data-field=verdict]').textContent,
            })))
            """)).GetString()!).RootElement;
        using var report = JsonDocument.Parse(await _client.GetStringAsync("/v1/experiments/feed/report"));
        var variants = report.RootElement.GetProperty("variants");
        Assert.Equal(
            variants.EnumerateArray().Select(v => (v.GetProperty("variant").GetString(), v.GetProperty("impressions").GetInt64(), (100 * v.GetProperty("ctr").GetProperty("value").GetDouble()).ToString("0.00", CultureInfo.InvariantCulture) + "%")),
            shownReport.EnumerateArray().Select(v => (v.GetProperty("variant").GetString(), (long)v.GetProperty("impressions").GetDouble(), v.GetProperty("ctr").GetString()!)));
        Assert.True(variants.EnumerateArray().Sum(v => v.GetProperty("impressions").GetInt64()) > 0);
        Assert.Equal("control", shownReport[0].GetProperty("verdict").GetString());
        Assert.Contains(shownReport[1].GetProperty("verdict").GetString(), new[] { "better than control", "worse than control", "no clear difference yet" });
        using var cli = new TestCli();
        Assert.Equal(0, await cli.RunAsync("experiments", "report", "--logs", Path.Combine(_directory, "logs"), "--experiment", "fast-or-not", "--surface", "feed", "--json"));
        using var printed = JsonDocument.Parse(cli.Output);
        Assert.Equal(
            printed.RootElement.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("impressions").GetInt64()),
            variants.EnumerateArray().Select(v => v.GetProperty("impressions").GetInt64()));
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task ExperimentReport_OfASurfaceWithoutOne_OrOfNoSurface_IsRefusedByName()
    {
        // Before any ranking was logged there is nothing to report: said as such, not a failure.
        using var early = await _client.GetAsync("/v1/experiments/feed/report");
        Assert.Equal(404, (int)early.StatusCode);
        Assert.Contains("experiment 'fast-or-not'", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var none = await _client.GetAsync("/v1/experiments/search/report");
        using var unknown = await _client.GetAsync("/v1/experiments/home/report");
        using var malformed = await _client.GetAsync("/v1/experiments/NO!/report");

        Assert.Equal(404, (int)none.StatusCode);
        Assert.Contains("surface 'search' runs no experiment", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Contains("unknown_surface", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(400, (int)malformed.StatusCode);
    }

    [Fact]
    public async Task Dashboard_UpdatesWhileTheLoadScriptRuns()
    {
        var page = await _browser.OpenAsync(new Uri(_server.Address, "/?every=250"), Patience);
        await page.WaitForAsync("window.dashboard && window.dashboard.updates >= 1", Patience);
        const string Rankings = "[...document.querySelectorAll('b[data-metric=ranking_rank_latency_milliseconds_count]')].reduce((a, b) => a + Number(b.textContent), 0)";
        const string Rate = "[...document.querySelectorAll('[data-field=rate]')].reduce((a, b) => a + Number(b.textContent), 0)";
        Assert.Equal(0, (await page.EvaluateAsync(Rankings)).GetDouble());

        using var load = Process.Start(new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepoRoot.Find(), "scripts", "load.sh"), _server.Address.ToString(), "6", "2" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = load.StandardOutput.ReadToEndAsync();
        var errors = load.StandardError.ReadToEndAsync();
        var seen = new SortedSet<double>();
        var maxRate = 0.0;
        while (!load.HasExited)
        {
            seen.Add((await page.EvaluateAsync(Rankings)).GetDouble());
            maxRate = Math.Max(maxRate, (await page.EvaluateAsync(Rate)).GetDouble());
            await Task.Delay(200);
        }

        await load.WaitForExitAsync();
        Assert.True(load.ExitCode == 0, $"load.sh exited {load.ExitCode}: {await errors}");
        var answered = AnswersByStatus(await output);
        var ranked = answered.GetValueOrDefault(200);
        Assert.True(ranked > 20, $"the load script got {ranked} rankings: {await output}");

        // While it ran, the page moved: several totals and a non-zero rate.
        Assert.True(seen.Count(v => v > 0 && v < ranked) >= 2, $"the page showed {string.Join(", ", seen)} while {ranked} rankings were served");
        Assert.True(maxRate > 0, "the page never showed a request rate");

        // Once it stopped, the page's totals catch up with what the script was answered, and match /metrics.
        var updates = (await page.EvaluateAsync("window.dashboard.updates")).GetInt32();
        await page.WaitForAsync($"window.dashboard.updates >= {updates + 2}", Patience);
        Assert.Equal(ranked, (await page.EvaluateAsync(Rankings)).GetDouble());
        Assert.Equal(answered.GetValueOrDefault(400), (await ShownNumbersAsync(page)).Single(n => n.Metric == "ranking_requests_rejected_total").Shown);
        AssertMatch(await ShownNumbersAsync(page), Parse(await _client.GetStringAsync("/metrics")));
        Assert.True((await page.EvaluateAsync("Math.max(...[...document.querySelectorAll('svg[data-chart=rate]')].map(s => Number(s.dataset.points)))")).GetInt32() >= 10);
        Assert.Empty(_browser.Errors);
    }

    /// <summary>Rank requests on both surfaces from the sample catalog (with exclusions and pins), then malformed ones; the 200s per surface.</summary>
    private async Task<Dictionary<string, double>> SendTrafficAsync(int rankings, int malformed)
    {
        var served = new Dictionary<string, double> { ["feed"] = 0, ["search"] = 0 };
        for (var i = 0; i < rankings; i++)
        {
            var surface = i % 2 == 0 ? "feed" : "search";
            var first = i * 37 % 2900 + 1;
            var candidates = string.Join(',', Enumerable.Range(first, 30).Select(n => $"{{\"itemId\":\"i_{n}\"}}"));
            var extra = i % 3 == 0 ? $",\"exclude\":[\"i_{first}\"],\"pins\":[{{\"itemId\":\"i_{first + 1}\",\"position\":1}}]" : "";
            using var response = await _client.PostAsync("/v1/rank", new StringContent($"{{\"surface\":\"{surface}\",\"userId\":\"u_{i % 600 + 1}\",\"candidates\":[{candidates}]{extra}}}", Encoding.UTF8, "application/json"));
            Assert.Equal(200, (int)response.StatusCode);
            served[surface]++;
        }

        for (var i = 0; i < malformed; i++)
        {
            using var response = await _client.PostAsync("/v1/rank", new StringContent("{\"surface\":", Encoding.UTF8, "application/json"));
            Assert.Equal(400, (int)response.StatusCode);
        }

        return served;
    }

    private sealed record ShownNumber(string Metric, Dictionary<string, string> Labels, double Shown);

    private static async Task<List<ShownNumber>> ShownNumbersAsync(BrowserPage page)
    {
        var json = await page.EvaluateAsync("JSON.stringify([...document.querySelectorAll('[data-metric]')].map(e => [e.dataset.metric, e.dataset.labels, e.textContent]))");
        return [.. JsonDocument.Parse(json.GetString()!).RootElement.EnumerateArray().Select(e => new ShownNumber(
            e[0].GetString()!,
            JsonSerializer.Deserialize<Dictionary<string, string>>(e[1].GetString()!)!,
            double.Parse(e[2].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Each number is the sum of the series it names: whole numbers exactly, others to the page's rounding.</summary>
    private static void AssertMatch(List<ShownNumber> numbers, List<PrometheusSamples.Sample> samples)
    {
        Assert.NotEmpty(numbers);
        foreach (var number in numbers)
        {
            var expected = samples.Where(s => s.Name == number.Metric && number.Labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);
            var tolerance = Math.Abs(expected % 1) < 1e-12 ? 0 : Math.Abs(expected) < 10 ? 0.0005 : 0.05;
            Assert.True(
                Math.Abs(expected - number.Shown) <= tolerance + 1e-9,
                $"{number.Metric} {JsonSerializer.Serialize(number.Labels)}: the page shows {number.Shown}, /metrics says {expected}");
        }
    }

    private static Dictionary<int, int> AnswersByStatus(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToDictionary(p => int.Parse(p[2], CultureInfo.InvariantCulture), p => int.Parse(p[0], CultureInfo.InvariantCulture));
}

/// <summary>Reads the Prometheus text exposition format back: sample lines, label values unescaped.</summary>
internal static partial class PrometheusSamples
{
    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    public static double Sum(List<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    /// <summary>The exposition format's sample lines, label values unescaped.</summary>
    public static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(
                m => m.Groups["key"].Value,
                m => Regex.Replace(m.Groups["value"].Value, @"\\(.)", e => e.Groups[1].Value == "n" ? "\n" : e.Groups[1].Value));
            var value = match.Groups["value"].Value;
            samples.Add(new Sample(match.Groups["name"].Value, labels, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

public sealed class PrometheusTextTests
{
    [Fact]
    public void PrometheusText_EscapesLabelValues_AndNamesUnitsAndTotals()
    {
        using var instruments = new RankingInstruments();
        using var collector = new MetricsCollector(instruments.Meter);
        instruments.RecordLogFailed("we\"ird\\log\nname");
        instruments.Trained("feed", 2.5, 10);

        var text = Encoding.UTF8.GetString(PrometheusText.Render(collector.Snapshot()));

        Assert.Contains("ranking_records_dropped_total{log=\"we\\\"ird\\\\log\\nname\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ranking_training_duration_seconds{surface=\"feed\"} 2.5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE ranking_training_rows gauge\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ranking_rank_latency", text, StringComparison.Ordinal);
        var parsed = Parse(text);
        Assert.Equal("we\"ird\\log\nname", parsed.Single(s => s.Name == "ranking_records_dropped_total").Labels["log"]);
    }
}

/// <summary>The browser tests run one at a time: each starts a Chromium, and the CI machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
