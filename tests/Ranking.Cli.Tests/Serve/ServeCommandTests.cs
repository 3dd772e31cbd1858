using Ranking.Testing.Contract;
using System.Diagnostics;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Tests.Serve;

/// <summary><c>ranking serve</c> as a command: what it prints, how it stops, and the options it refuses.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-serve-command-").FullName;
    private readonly TestCli _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_SampleModels_PrintsEachSurfaceAndServesUntilCancelled()
    {
        var data = ServerFixture.WriteMarketplace(Path.Combine(_directory, "marketplace"));
        using var stop = new CancellationTokenSource();

        var run = _cli.RunAsync(
            ["serve", "--port", "0", "--data", data, "--models", RepoPaths.Models, "--surfaces", "feed=feed-ltr;search=absent-ltr", "--model-poll-seconds", "600", "--log-dir", Path.Combine(_directory, "logs")],
            stop.Token);
        var address = await WaitForAddressAsync(run);
        using var client = ContractCheckingHandler.Client(address);
        using var health = await client.GetAsync(new Uri("/v1/health", UriKind.Relative));
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Contains($"ranking serve: 4 items, 1 users from {data}\n", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("  surface feed: feed-ltr version 1\n", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("  surface search: absent-ltr UNAVAILABLE (", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("); ranking falls back to input order\n", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("models: feed now serves feed-ltr 1", _cli.Output, StringComparison.Ordinal);
        Assert.Contains($"impression logs: {Path.Combine(_directory, "logs")}\n", _cli.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "65536")]
    [InlineData("--max-candidates", "0")]
    [InlineData("--deadline-ms", "-1")]
    [InlineData("--model-poll-seconds", "0")]
    [InlineData("--log-top", "0")]
    [InlineData("--drift-window", "0")]
    public async Task Serve_OutOfRangeOption_FailsNamingTheLimits(string option, string value)
    {
        var exit = await _cli.RunAsync("serve", option, value);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {option} must be {(option == "--port" ? "0-65535" : "positive")}, not {value}\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Serve_BadLogSample_FailsNamingTheOptionAndTheEntry()
    {
        var exit = await _cli.RunAsync("serve", "--port", "0", "--data", RepoPaths.Marketplace, "--log-sample", "feed=2");

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: --log-sample: 'feed=2' is not surface=fraction (fraction from 0 to 1)\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Serve_WithARulesFile_PrintsEachSurfacesRulesAndAppliesThem()
    {
        var rules = Path.Combine(_directory, "rules.json");
        await File.WriteAllTextAsync(rules, """
            {"feed": {"diversity": [{"attribute": "brand", "max": 1, "window": 10}],
                      "filters": [{"name": "boots", "attribute": "category", "equals": "boots"}],
                      "boosts": [{"name": "liked", "attribute": "likes", "min": 10, "add": 0.5}]}}
            """);
        using var stop = new CancellationTokenSource();

        var run = _cli.RunAsync(
            ["serve", "--port", "0", "--data", RepoPaths.Marketplace, "--models", RepoPaths.Models, "--rules", rules, "--model-poll-seconds", "600", "--log-dir", Path.Combine(_directory, "logs")],
            stop.Token);
        var address = await WaitForAddressAsync(run);
        using var client = ContractCheckingHandler.Client(address);
        using var content = new StringContent(
            """{"surface":"feed","candidates":[{"itemId":"i_474"},{"itemId":"i_239"},{"itemId":"i_2062"},{"itemId":"i_2080"}]}""",
            System.Text.Encoding.UTF8,
            "application/json");
        using var response = await client.PostAsync(new Uri("/v1/rank", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"reason\":\"filter:boots\"", body, StringComparison.Ordinal);
        Assert.Contains("  surface feed rules: inactive items dropped; at most 1 per brand in the top 10; boosts liked (+0.5); filters boots\n", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("  surface search rules: inactive items dropped; at most 3 per sellerId in the top 20\n", _cli.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"feed": {"boosts": [{"name": "x", "attribute": "brand", "equals": "acme"}]}}""", "feed.boosts[0].add is required: a finite number other than 0, added to the score of the items matched")]
    [InlineData("""{"homepage": {}}""", "homepage is not a served surface (surfaces: feed, search)")]
    public async Task Serve_WithBadRules_FailsNamingTheFileAndTheKey(string json, string expected)
    {
        var rules = Path.Combine(_directory, "rules.json");
        await File.WriteAllTextAsync(rules, json);

        var exit = await _cli.RunAsync("serve", "--port", "0", "--data", RepoPaths.Marketplace, "--rules", rules);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: --rules {rules}: {expected}\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Serve_WithAMissingRulesFile_FailsNamingIt()
    {
        var exit = await _cli.RunAsync("serve", "--port", "0", "--data", RepoPaths.Marketplace, "--rules", Path.Combine(_directory, "nope.json"));

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: --rules: no file at {Path.Combine(_directory, "nope.json")}", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DataFolderWithoutItems_FailsNamingTheFile()
    {
        var exit = await _cli.RunAsync("serve", "--port", "0", "--data", _directory);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {Path.Combine(_directory, "items.jsonl")} is missing", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Output);
    }

    [Fact]
    public async Task Serve_NonNumericPort_IsAParseError()
    {
        var exit = await _cli.RunAsync("serve", "--port", "http");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("'http'", _cli.Error, StringComparison.Ordinal);
    }

    /// <summary>The address from the "listening on" line, once serve has printed it.</summary>
    private async Task<Uri> WaitForAddressAsync(Task<int> run)
    {
        const string Listening = "listening on ";
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < s_startTimeout && !run.IsCompleted)
        {
            var output = _cli.Output;
            var at = output.IndexOf(Listening, StringComparison.Ordinal);
            if (at >= 0 && output.IndexOf(' ', at + Listening.Length) is var end and > 0)
            {
                return new Uri(output[(at + Listening.Length)..end]);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"serve did not listen (exit {(run.IsCompleted ? await run : -1)}): {_cli.Output}{_cli.Error}");
    }
}
