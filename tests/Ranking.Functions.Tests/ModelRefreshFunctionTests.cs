using System.Text.Json;
using Ranking.Contracts;
using Ranking.Core.Models;
using Ranking.Testing.Functions;

namespace Ranking.Functions.Tests;

[Collection(FunctionsCollection.Name)]
public sealed class ModelRefreshFunctionTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private RunningFunction _function = null!;

    private const string Scheduled = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-11-24T07:00:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/ranking-model-refresh"],"detail":{}}
        """;

    public async Task InitializeAsync() =>
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.ModelRefresh), api => fixture.Bed.Environment(api, registry: true));

    public async Task DisposeAsync() => await _function.DisposeAsync();

    [Fact]
    public async Task ScheduledEvent_ReportsEachModelsVersionsAndChecksums()
    {
        var report = await _function.InvokeAsync(Scheduled);

        Assert.Equal("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", report.GetProperty("trigger").GetString());
        var models = report.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(["feed-ltr", "search-ltr"], models.Keys.Order());
        foreach (var (name, model) in models)
        {
            var manifest = JsonSerializer.Deserialize(
                await File.ReadAllBytesAsync(Path.Combine(FunctionTestBed.SamplesDirectory, "models", name, "1", "manifest.json")),
                CoreJsonContext.Default.ModelManifest)!;
            Assert.Equal("1", model.GetProperty("newest").GetString());
            var version = Assert.Single(model.GetProperty("versions").EnumerateArray());
            Assert.Equal(manifest.Onnx.Sha256, version.GetProperty("sha256").GetString());
            Assert.Equal(JsonValueKind.Null, version.GetProperty("problem").ValueKind);
        }

        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.ModelVersions);
        await EmfOutput.AssertWrittenAsync(_function.Process, MetricNames.ModelPackageProblems);
    }
}
