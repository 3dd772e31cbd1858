using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Ranking.Contracts;
using Ranking.Stores.Registry;
using Ranking.Testing.Functions;
using Ranking.Testing.Models;
using Ranking.Testing.Seams;

namespace Ranking.Functions.Tests;

/// <summary>
/// Publish, scheduled refresh and serving, end to end: the published ModelRefresh bootstrap validates what
/// <see cref="ModelPublisher"/> put in s3rver and the dynalite registry; a Rank bootstrap follows the live alias.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class LifecycleTests(FunctionsFixture fixture)
{
    private const string Model = "life-ltr";
    private const string Scheduled = """{"version":"0","id":"tick","detail-type":"Scheduled Event","source":"aws.events","detail":{}}""";
    private const string RankEvent = """
        {"version":"2.0","routeKey":"$default","rawPath":"/v1/rank","rawQueryString":"","headers":{"content-type":"application/json"},
         "requestContext":{"requestId":"r-life","http":{"method":"POST","path":"/v1/rank"}},
         "body":"{\"surface\":\"feed\",\"userId\":\"u_1\",\"candidates\":[{\"itemId\":\"i_1\"},{\"itemId\":\"i_2\"}]}","isBase64Encoded":false}
        """;

    private Dictionary<string, string> Environment(string api)
    {
        var environment = fixture.Bed.Environment(api, surfaces: $"feed={Model}", registry: true);
        environment["RANKING_MODEL_TTL_SECONDS"] = "1";
        // Shared 2-core CI machines: the latency gate is about orders of magnitude, not a benchmark.
        environment["RANKING_LATENCY_BUDGET_MS"] = "250";
        return environment;
    }

    /// <summary>Runs one refresh; <paramref name="metric"/> is what its EMF output must count, with the contract's dimensions.</summary>
    private async Task<JsonElement> RefreshAsync(string metric)
    {
        await using var refresh = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.ModelRefresh), Environment);
        var report = await refresh.InvokeAsync(Scheduled);
        await EmfOutput.AssertWrittenAsync(refresh.Process, metric);
        return report.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == Model);
    }

    private static string? ServedVersion(JsonElement response)
    {
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        var model = body.RootElement.GetProperty("model");
        return model.ValueKind == JsonValueKind.Null ? null : model.GetProperty("version").GetString();
    }

    [Fact]
    public async Task PublishRefreshServeRollback_OnlyTheGoodModelEverGoesLive()
    {
        using var packages = new TestPackages();
        var bed = fixture.Bed;
        var registry = new DynamoModelRegistry(bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        var publisher = new ModelPublisher(bed.S3, bed.S3rver.Bucket, registry, TimeProvider.System);

        // No version is live yet: a ranking function with a registry serves nothing but fallback.
        await using var rank = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), Environment);
        Assert.Null(ServedVersion(await rank.InvokeAsync(RankEvent)));

        await publisher.PublishAsync(packages.CopyOfSample(Model, "1"), null, CancellationToken.None);
        var first = await RefreshAsync(MetricNames.ModelsPromoted);
        Assert.Equal("1", first.GetProperty("promoted").GetString());

        await publisher.PublishAsync(packages.CopyOfSample(Model, "2"), null, CancellationToken.None);
        await bed.S3.PutObjectAsync(new PutObjectRequest
        {
            // Damaged after publishing (bit rot, a bad copy): only the refresh's own sha256 check can catch it.
            BucketName = bed.S3rver.Bucket, Key = $"models/{Model}/2/model.onnx", ContentBody = "not an onnx model", UseChunkEncoding = false,
        });
        await publisher.PublishAsync(packages.CopyOfSample(Model, "3", m => m["features"]!.AsArray().RemoveAt(0)), null, CancellationToken.None);
        await publisher.PublishAsync(packages.WorseModel(Model, "4"), null, CancellationToken.None);
        await bed.S3.PutObjectAsync(new PutObjectRequest
        {
            // Half-uploaded: files but no manifest and no registration.
            BucketName = bed.S3rver.Bucket, Key = $"models/{Model}/5/model.onnx", ContentBody = "partial", UseChunkEncoding = false,
        });
        await publisher.PublishAsync(packages.CopyOfSample(Model, "6"), null, CancellationToken.None);

        var second = await RefreshAsync(MetricNames.ModelsRejectedPrefix + "quality");

        var decisions = second.GetProperty("decisions").EnumerateArray()
            .ToDictionary(d => d.GetProperty("version").GetString()!, d => (Outcome: d.GetProperty("outcome").GetString(), Gate: d.GetProperty("gate").GetString()));
        Assert.Equal(("rejected", "sha256"), decisions["2"]);
        Assert.Equal(("rejected", "shape"), decisions["3"]);
        Assert.Equal(("rejected", "quality"), decisions["4"]);
        Assert.Equal(("validated", null), decisions["6"]);
        Assert.False(decisions.ContainsKey("5"));
        Assert.Equal("6", second.GetProperty("promoted").GetString());
        Assert.DoesNotContain(second.GetProperty("versions").EnumerateArray(), v => v.GetProperty("version").GetString() == "5");

        var versions = (await registry.ListAsync(Model, CancellationToken.None)).ToDictionary(v => v.Version);
        Assert.Equal(ModelStatus.Retired, versions["1"].Status);
        Assert.Equal(ModelStatus.Live, versions["6"].Status);
        Assert.All(["2", "3", "4"], v => Assert.Equal(ModelStatus.Rejected, versions[v].Status));
        Assert.StartsWith("quality:", versions["4"].Reason, StringComparison.Ordinal);

        Assert.Equal("6", await ServedVersionWithinAsync(rank, "6"));
        Assert.Equal(RegistryOutcome.Done, (await registry.RollbackAsync(Model, CancellationToken.None)).Outcome);
        Assert.Equal("1", await ServedVersionWithinAsync(rank, "1"));
    }

    [Fact]
    public async Task TreesOnlyRefresh_RejectsAModelTheNativeScorerRefuses_AtTheShapeGate()
    {
        const string name = "non-tree-ltr";
        using var packages = new TestPackages();
        var bed = fixture.Bed;
        var registry = new DynamoModelRegistry(bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, Randomizers.Midpoint);
        await new ModelPublisher(bed.S3, bed.S3rver.Bucket, registry, TimeProvider.System).PublishAsync(packages.NonTreeCopyOfSample(name, "1"), null, CancellationToken.None);

        await using var refresh = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.ModelRefresh), api =>
        {
            var environment = Environment(api);
            environment[EnvironmentNames.Surfaces] = $"feed={name}";
            environment[EnvironmentNames.TreesOnly] = "true";
            return environment;
        });
        var report = await refresh.InvokeAsync(Scheduled);

        await EmfOutput.AssertWrittenAsync(refresh.Process, MetricNames.ModelsRejectedPrefix + "shape");
        var decision = report.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name)
            .GetProperty("decisions").EnumerateArray().Single();
        Assert.Equal("shape", decision.GetProperty("gate").GetString());
        var rejected = Assert.Single(await registry.ListAsync(name, CancellationToken.None));
        Assert.Equal(ModelStatus.Rejected, rejected.Status);
        Assert.Contains("serves tree ensembles only", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("the graph has 2 nodes", rejected.Reason, StringComparison.Ordinal);
    }

    /// <summary>Invokes until the expected version answers (the function re-reads the alias every second), at most 15 s.</summary>
    private static async Task<string?> ServedVersionWithinAsync(RunningFunction rank, string expected)
    {
        string? served = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline && served != expected; await Task.Delay(200))
        {
            served = ServedVersion(await rank.InvokeAsync(RankEvent));
        }

        return served;
    }
}
