using System.Text.Json;
using Ranking.Core.Experiments;
using Ranking.Core.Ranking;
using Ranking.Core.Validation;
using Ranking.Handlers.Experiments;
using Ranking.Handlers.Models;
using Ranking.Handlers.Tests.Models;

namespace Ranking.Handlers.Tests;

/// <summary><c>GET /v1/health</c>: the live version's gate decisions where the locator ran them, and the running experiment's verdicts.</summary>
public sealed class HealthHandlerTests
{
    [Fact]
    public async Task Handle_ListsTheGatesTheLiveVersionPassed_AndEachVariantsGuardrailState()
    {
        var experiment = new RunningExperiment(
            new Experiment
            {
                Id = "feed-dec",
                Surface = "feed",
                Mode = ExperimentModes.AB,
                Variants = [new ExperimentVariant { Name = "control", Model = ExperimentVariant.Live }, new ExperimentVariant { Name = "treatment", Model = ExperimentVariant.Live }],
                Guardrail = new ExperimentGuardrail { MaxP99Ms = 50, Window = 4, MinRequests = 4 },
            },
            [null, null]);
        for (var i = 0; i < 4; i++)
        {
            experiment.Guard!.Record(1, latencyMs: 80, fallback: false);
            experiment.Guard.Record(0, latencyMs: 5, fallback: false);
        }

        using var catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = await SampleModels.LoadAsync("feed-ltr"), Experiment = experiment }]);
        var locator = new GatesLocator([new GateOutcome("manifest", true, "ok"), new GateOutcome("latency", true, "500 rows in 1.8 ms")]);

        var response = new HealthHandler(catalog, locator).Handle();

        using var body = JsonDocument.Parse(response.Body);
        var model = body.RootElement.GetProperty("models")[0];
        Assert.Equal(["manifest", "latency"], model.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("gate").GetString()));
        Assert.All(model.GetProperty("gates").EnumerateArray(), g => Assert.True(g.GetProperty("passed").GetBoolean()));
        Assert.Equal("500 rows in 1.8 ms", model.GetProperty("gates")[1].GetProperty("detail").GetString());
        var shown = model.GetProperty("experiment");
        Assert.Equal("feed-dec", shown.GetProperty("id").GetString());
        Assert.Equal("ab", shown.GetProperty("mode").GetString());
        var variants = shown.GetProperty("variants");
        Assert.Equal("serving", variants[0].GetProperty("status").GetString());
        Assert.False(variants[0].TryGetProperty("reason", out _));
        Assert.Equal("stopped", variants[1].GetProperty("status").GetString());
        Assert.StartsWith("p99 latency 80 ms over the last 4 requests exceeds 50 ms", variants[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WithALocatorThatRanNoGates_LeavesThemOut()
    {
        using var catalog = new ModelCatalog([new SurfaceModel { Surface = "feed", ModelName = "feed-ltr", Model = await SampleModels.LoadAsync("feed-ltr") }]);

        using var body = JsonDocument.Parse(new HealthHandler(catalog, SampleModels.Locator).Handle().Body);

        var model = body.RootElement.GetProperty("models")[0];
        Assert.False(model.TryGetProperty("gates", out _));
        Assert.False(model.TryGetProperty("experiment", out _));
    }

    private sealed class GatesLocator(IReadOnlyList<GateOutcome> gates) : IModelLocator
    {
        public string Source => "test";

        public Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken) => Task.FromResult<string?>("1");

        public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IReadOnlyList<GateOutcome>? Gates(string name, string version) => name == "feed-ltr" && version == "1" ? gates : null;
    }
}
