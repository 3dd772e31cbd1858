using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Ranking.Contracts;
using Ranking.Core.Models;
using Ranking.Functions.Hosting.Aws;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Registry;
using Ranking.Training.Data;
using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Functions.Train;

/// <summary>
/// The training pipeline's Train step: downloads a labelled dataset (Parquet) from S3, trains on it with the code and
/// defaults of <c>ranking train --format logged</c>, writes the package, publishes it to <c>models/{name}/{version}/</c>
/// and registers it <c>published</c> for ModelRefresh to validate and promote. Answers the name, the version and the
/// holdout metrics. Anything that goes wrong is the invocation's error, so the state machine fails with the reason.
/// </summary>
internal sealed class TrainFunction(FunctionSettings settings, IAmazonS3 s3, IModelRegistry registry, ModelPublisher publisher, FunctionMetrics metrics, TimeProvider time)
{
    /// <summary>Lambda's only writable disk; the function's ephemeral storage setting sizes it.</summary>
    private const string WorkRoot = "/tmp";

    public static ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Bucket | FunctionNeeds.Registry);
        var s3 = AwsClients.S3(context.Environment);
        var registry = new DynamoModelRegistry(AwsClients.DynamoDb(context.Environment), settings.ModelsTable!, context.Time, context.Randomizer);
        var publisher = new ModelPublisher(s3, settings.ModelsBucket!, registry, context.Time);
        var metrics = FunctionMetrics.Create(settings.MetricsNamespace, context.FunctionName ?? "train", context.Output, context.Time);
        context.Log.Info("train ready", new LogField("bucket", settings.ModelsBucket), new LogField("registry", settings.ModelsTable));
        return ValueTask.FromResult<LambdaHandler>(new TrainFunction(settings, s3, registry, publisher, metrics, context.Time).HandleAsync);
    }

    private async ValueTask<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var request = TrainRequest.Parse(invocation.Payload, settings.Surfaces);
        var log = invocation.Log;
        // Per invocation, and removed after: a warm environment keeps /tmp, and yesterday's files must not join today's data.
        var work = Path.Combine(WorkRoot, "train-" + invocation.RequestId);
        try
        {
            var started = time.GetTimestamp();
            var (files, bytes) = await DatasetDownload.ToFolderAsync(s3, request.Dataset, Path.Combine(work, "dataset"), cancellationToken);
            log.Info("dataset downloaded", new("dataset", request.Dataset.ToString()), new("files", files), new("bytes", bytes));

            var split = LoggedDatasets.Load(Path.Combine(work, "dataset"), request.Surface, features: null);
            var version = request.Version ?? ModelVersionOrder.Next((await registry.ListAsync(request.Name, cancellationToken)).Select(r => r.Version));
            log.Info("training", new("model", request.Name), new("version", version), new("trainRows", split.Train.RowCount), new("trainImpressions", split.Train.QueryCount), new("validImpressions", split.Valid.QueryCount), new("holdoutImpressions", split.Holdout.QueryCount));
            var model = LambdaMartTrainer.Train(split.Train, split.Valid, new LambdaMartOptions(), cancellationToken: cancellationToken);
            var trainingSeconds = time.GetElapsedTime(started).TotalSeconds;

            var packageDir = Path.Combine(work, "package");
            var packaged = ModelPackageWriter.Write(
                ModelPackageRequest.For(request.Name, version, split.Features, model, LoggedDatasets.Format, split.Surface, (split.Train, split.Valid, split.Holdout), null, time.GetUtcNow()),
                packageDir);
            var record = await publisher.PublishAsync(packageDir, null, cancellationToken);
            log.Info("model published", new("model", record.Name), new("version", record.Version), new("location", record.Location), new("bestIteration", model.BestIteration), new("holdoutNdcg10", packaged.Metrics.Ndcg10));

            metrics.Instruments.Trained(request.Surface, trainingSeconds, split.Train.RowCount);
            return Answer(record, split, model, packaged);
        }
        finally
        {
            DeleteQuietly(work, log);
            metrics.Writer.SetProperty("RequestId", invocation.RequestId);
            metrics.Writer.Flush();
        }
    }

    private static byte[] Answer(ModelVersionRecord record, LoggedSplit split, LambdaMartModel model, ModelPackageResult packaged)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", record.Name);
            writer.WriteString("version", record.Version);
            writer.WriteString("location", record.Location);
            writer.WriteString("surface", split.Surface);
            writer.WriteNumber("trainRows", split.Train.RowCount);
            writer.WriteNumber("bestIteration", model.BestIteration);
            HoldoutJson.Write(writer, split.Holdout.RowCount, packaged.Metrics);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void DeleteQuietly(string folder, JsonLogger log)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException e)
        {
            // The next invocation uses its own folder; a leftover only costs /tmp space.
            log.Warn("work folder not removed", new("folder", folder), new("reason", e.Message));
        }
    }
}
