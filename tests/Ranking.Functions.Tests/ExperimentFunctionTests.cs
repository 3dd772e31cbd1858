using System.Text.Json;
using Ranking.Core.Experiments;
using Ranking.Stores.Experiments;
using Ranking.Stores.Feeds;
using Ranking.Stores.Registry;
using Ranking.Testing.Functions;
using Ranking.Testing.Models;
using Ranking.Testing.Seams;

namespace Ranking.Functions.Tests;

/// <summary>The published Rank and FeedRerank bootstraps read the surface's experiment row from the models table and interleave.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class ExperimentFunctionTests(FunctionsFixture fixture)
{
    private const string Model = "exp-ltr";
    private static readonly string s_request = RankEvents.FeedOfThree.Replace("\\\"surface\\\":\\\"feed\\\"", "\\\"surface\\\":\\\"exp\\\"", StringComparison.Ordinal);

    [Fact]
    public async Task RankFunction_UnderAnInterleavingExperiment_AnswersWithTeams_AndStopsWhenTheRowSaysSo()
    {
        var bed = fixture.Bed;
        // The "exp" surface is this test's own: no other test's experiment row can be on it.
        var experiments = await StartInterleavingAsync(Model, "exp", "exp-dec");

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

    [Fact]
    public async Task FeedRerankFunction_UnderAnInterleavingExperiment_StoresTheMergedFeed_AndLogsItsTeams()
    {
        const string model = "expfeed-ltr";
        var bed = fixture.Bed;
        await StartInterleavingAsync(model, "expfeed", "expfeed-dec");

        await using var feedRerank = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.FeedRerank), api =>
            bed.Environment(api, surfaces: $"expfeed={model}", registry: true));
        var message = """{"userId":"u_5","surface":"expfeed","candidates":[{"itemId":"i_1"},{"itemId":"i_2"},{"itemId":"i_3"},{"itemId":"i_4"},{"itemId":"i_5"},{"itemId":"i_6"}]}""";
        var batch = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Records"] = new[] { new Dictionary<string, object> { ["messageId"] = "m-exp", ["receiptHandle"] = "h", ["body"] = message, ["eventSource"] = "aws:sqs",
                ["attributes"] = new Dictionary<string, string> { ["ApproximateReceiveCount"] = "1" },
            } },
        });

        var response = await feedRerank.InvokeAsync(batch);

        Assert.Equal(0, response.GetProperty("batchItemFailures").GetArrayLength());
        var line = Assert.Single(await feedRerank.Process.WaitForOutputAsync(l => l.Contains("\"impressionId\":\"feed-m-exp\"", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(10)));
        using var record = JsonDocument.Parse(line);
        Assert.Equal("expfeed-dec", record.RootElement.GetProperty("experiment").GetProperty("id").GetString());
        var teams = record.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("team").GetString()).ToList();
        Assert.Contains("control", teams);
        Assert.Contains("treatment", teams);
        var stored = await new DynamoFeedStore(bed.DynamoDb, FunctionTestBed.FeedsTable, TimeProvider.System, Randomizers.Midpoint).GetFeedAsync("u_5", "expfeed", CancellationToken.None);
        Assert.Equal(stored!.Ranked!.Select(r => r.ItemId), record.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
    }

    /// <summary>Publishes two versions of the sample feed model as <paramref name="model"/>, makes 1 live, and interleaves live with 2 on the surface.</summary>
    private async Task<DynamoExperimentStore> StartInterleavingAsync(string model, string surface, string id)
    {
        using var packages = new TestPackages();
        var bed = fixture.Bed;
        var registry = new DynamoModelRegistry(bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        var publisher = new ModelPublisher(bed.S3, bed.S3rver.Bucket, registry, TimeProvider.System);
        await publisher.PublishAsync(packages.CopyOfSample(model, "1"), null, CancellationToken.None);
        await publisher.PublishAsync(packages.CopyOfSample(model, "2"), null, CancellationToken.None);
        Assert.True(await registry.TryUpdateStatusAsync(model, "1", ModelStatus.Published, ModelStatus.Validated, null, CancellationToken.None));
        Assert.Equal(RegistryOutcome.Done, (await registry.PromoteAsync(model, "1", CancellationToken.None)).Outcome);
        var experiments = new DynamoExperimentStore(bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        Assert.True(await experiments.TryStartAsync(new Experiment
        {
            Id = id,
            Surface = surface,
            Mode = ExperimentModes.Interleave,
            Variants = [new() { Name = "control", Model = "live" }, new() { Name = "treatment", Model = $"{model}:2" }],
            StartedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None));
        return experiments;
    }

    private static JsonElement Body(JsonElement response)
    {
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        return body.RootElement.Clone();
    }
}
