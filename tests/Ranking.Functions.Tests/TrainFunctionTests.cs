using System.Text.Json;
using Amazon.S3.Model;
using Ranking.Core.Models;
using Ranking.Stores.Registry;
using Ranking.Testing.Datasets;
using Ranking.Testing.Functions;
using Ranking.Training.Features;

namespace Ranking.Functions.Tests;

/// <summary>
/// The published Train bootstrap against s3rver (a labelled dataset as Athena's UNLOAD leaves it: Parquet files without an
/// extension) and dynalite (the registry): it trains, publishes the package and registers it published.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class TrainFunctionTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private const string DatasetPrefix = "datasets/feed/2026-12-02/run-1/";
    private RunningFunction _function = null!;

    public async Task InitializeAsync()
    {
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Train), api => fixture.Bed.Environment(api, registry: true));
        await UploadDatasetAsync();
    }

    public async Task DisposeAsync() => await _function.DisposeAsync();

    [Fact]
    public async Task Dataset_TrainsPublishesAndRegistersTheNextVersion()
    {
        var answer = await _function.InvokeAsync($$"""{"surface":"feed","dataset":"s3://{{fixture.Bed.S3rver.Bucket}}/{{DatasetPrefix}}","name":"pipeline-ltr","version":null}""");

        Assert.Equal("pipeline-ltr", answer.GetProperty("name").GetString());
        Assert.Equal("1", answer.GetProperty("version").GetString());
        Assert.InRange(answer.GetProperty("holdout").GetProperty("ndcg@10").GetDouble(), 0.0, 1.0);
        using var manifest = await fixture.Bed.S3.GetObjectAsync(fixture.Bed.S3rver.Bucket, "models/pipeline-ltr/1/manifest.json");
        var written = JsonSerializer.Deserialize(manifest.ResponseStream, CoreJsonContext.Default.ModelManifest)!;
        Assert.Equal(("pipeline-ltr", "1", "logged", "feed"), (written.Name, written.Version, written.Training!.Format, written.Training.Surface));
        var registry = new DynamoModelRegistry(fixture.Bed.DynamoDb, FunctionTestBed.ModelsTable, TimeProvider.System, () => 0.5);
        var record = await registry.GetAsync("pipeline-ltr", "1", CancellationToken.None);
        Assert.Equal(ModelStatus.Published, record!.Status);
        Assert.Equal(written.Onnx.Sha256, record.Sha256);

        // A second run without a version takes the next one: a schedule never collides with its own last package.
        var next = await _function.InvokeAsync($$"""{"surface":"feed","dataset":"s3://{{fixture.Bed.S3rver.Bucket}}/{{DatasetPrefix}}","name":"pipeline-ltr"}""");
        Assert.Equal("2", next.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("""{"dataset":"s3://b-1/datasets/feed/"}""", "surface is required")]
    [InlineData("""{"surface":"feed","dataset":"datasets/feed/"}""", "dataset 'datasets/feed/' must be an S3 folder")]
    [InlineData("""{"surface":"feed","dataset":"s3://b-1/datasets/feed"}""", "must be a folder under the bucket")]
    [InlineData("""{"surface":"feed","dataset":"s3://b-1/datasets/feed/","version":3}""", "version must be a non-empty string or null")]
    [InlineData("""{"surface":"feed","dataset":"s3://b-1/datasets/feed/","verison":"3"}""", "unknown field 'verison'")]
    [InlineData("""{"surface":"shop","dataset":"s3://b-1/datasets/shop/"}""", "surface 'shop' has no model in RANKING_SURFACES")]
    [InlineData("[]", "must be a JSON object")]
    public async Task BadEvent_IsAnErrorNamingTheField(string payload, string expected)
    {
        var outcome = await _function.Api.InvokeAsync(System.Text.Encoding.UTF8.GetBytes(payload), TimeSpan.FromSeconds(20));

        Assert.True(outcome.IsError, outcome.BodyText);
        Assert.Equal("InvalidDataException", outcome.ErrorType);
        Assert.Contains(expected, outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyDatasetFolder_IsAnErrorNamingIt()
    {
        var outcome = await _function.Api.InvokeAsync(
            System.Text.Encoding.UTF8.GetBytes($$"""{"surface":"feed","dataset":"s3://{{fixture.Bed.S3rver.Bucket}}/datasets/feed/1999-01-01/"}"""), TimeSpan.FromSeconds(20));

        Assert.True(outcome.IsError, outcome.BodyText);
        Assert.Contains("datasets/feed/1999-01-01/ holds no data files", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// 60 impressions of 10 items whose label follows two features (with ties broken by a third), split over two files
    /// named as Athena names UNLOAD's output, with its lower-case column names.
    /// </summary>
    private async Task UploadDatasetAsync()
    {
        var features = FeatureFile.Read(Path.Combine(FunctionTestBed.SamplesDirectory, "features", "feed.json")).Select(f => f.Name).ToList();
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<LoggedRow>();
        for (var impression = 0; impression < 60; impression++)
        {
            for (var position = 1; position <= 10; position++)
            {
                var values = new double?[features.Count];
                for (var f = 0; f < values.Length; f++)
                {
                    values[f] = ((impression * 31) + (position * 17) + (f * 7)) % 11 / 10.0;
                }

                var relevance = values[5]!.Value + values[6]!.Value;
                var label = relevance > 1.4 ? 3 : relevance > 1.0 ? 1 : 0;
                rows.Add(new LoggedRow($"imp-{impression:D3}", start.AddMinutes(impression), "feed", position, label, values));
            }
        }

        var folder = Directory.CreateTempSubdirectory("ranking-train-dataset-").FullName;
        try
        {
            for (var part = 0; part < 2; part++)
            {
                var path = Path.Combine(folder, $"part{part}.parquet");
                LoggedParquet.Write(path, features, rows.Where(r => int.Parse(r.ImpressionId.AsSpan(4), provider: null) % 2 == part).ToList(), lowerCaseColumns: true);
                await fixture.Bed.S3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = fixture.Bed.S3rver.Bucket,
                    Key = $"{DatasetPrefix}20261202_070000_00012_xyz_{part}",
                    FilePath = path,
                    UseChunkEncoding = false,
                });
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
