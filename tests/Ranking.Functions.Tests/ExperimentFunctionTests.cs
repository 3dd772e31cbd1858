using System.Text.Json;
using Ranking.Core.Experiments;
using Ranking.Stores.Experiments;
using Ranking.Stores.Registry;
using Ranking.Testing.Functions;
using Ranking.Testing.Models;
using Ranking.Testing.Seams;

namespace Ranking.Functions.Tests;

/// <summary>The published Rank bootstrap reads the surface's experiment row from the models table and interleaves.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class ExperimentFunctionTests(FunctionsFixture fixture)
{
    private const string Model = "exp-ltr";
    private static readonly string s_request = RankEvents.FeedOfThree.Replace("\\\"surface\\\":\\\"feed\\\"", "\\\"surface\\\":\\\"exp\\\"", StringComparison.Ordinal);

    [Fact]
    public async Task RankFunction_UnderAnInterleavingExperiment_AnswersWithTeams_AndStopsWhenTheRowSaysSo()
    {
        using var packages = new TestPackages();
        var bed = fixture.Bed;
        var registry = new DynamoModelRegistry(bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        var publisher = new ModelPublisher(bed.S3, bed.S3rver.Bucket, registry, TimeProvider.System);
        await publisher.PublishAsync(packages.CopyOfSample(Model, "1"), null, CancellationToken.None);
        await publisher.PublishAsync(packages.CopyOfSample(Model, "2"), null, CancellationToken.None);
        Assert.True(await registry.TryUpdateStatusAsync(Model, "1", ModelStatus.Published, ModelStatus.Validated, null, CancellationToken.None));
        Assert.Equal(RegistryOutcome.Done, (await registry.PromoteAsync(Model, "1", CancellationToken.None)).Outcome);
        var experiments = new DynamoExperimentStore(bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        // The "exp" surface is this test's own: no other test's experiment row can be on it.
        Assert.True(await experiments.TryStartAsync(new Experiment
        {
            Id = "exp-dec",
            Surface = "exp",
            Mode = ExperimentModes.Interleave,
            Variants = [new() { Name = "control", Model = "live" }, new() { Name = "treatment", Model = $"{Model}:2" }],
            StartedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None));

        await using var rank = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = bed.Environment(api, surfaces: $"exp={Model}", registry: true);
            environment["RANKING_MODEL_TTL_SECONDS"] = "1";
            return environment;
        });

        var body = Body(await rank.InvokeAsync(s_request));
        Assert.Equal("exp-dec", body.GetProperty("experiment").GetProperty("id").GetString());
        Assert.Equal("interleave", body.GetProperty("experiment").GetProperty("mode").GetString());
        Assert.All(body.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("team").GetString(), new[] { "control", "treatment" }));

        await experiments.StopAsync("exp", DateTimeOffset.UtcNow, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && Body(await rank.InvokeAsync(s_request)).TryGetProperty("experiment", out _))
        {
            await Task.Delay(100);
        }

        Assert.False(Body(await rank.InvokeAsync(s_request)).TryGetProperty("experiment", out _));
        await rank.Process.WaitForLineAsync(l => l.Contains("exp: experiment exp-dec stopped", StringComparison.Ordinal));
    }

    private static JsonElement Body(JsonElement response)
    {
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        return body.RootElement.Clone();
    }
}
