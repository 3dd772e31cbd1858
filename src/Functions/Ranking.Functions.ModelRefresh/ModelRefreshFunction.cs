using System.Buffers;
using System.Text.Json;
using Amazon.S3;
using Ranking.Contracts;
using Ranking.Core.Validation;
using Ranking.Functions.Hosting.Aws;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Lambda.Events;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Models;
using Ranking.Stores.Registry;

namespace Ranking.Functions.ModelRefresh;

/// <summary>
/// Scheduled: for each configured model, validates its published versions, records the outcomes, promotes the
/// best passing one, and reports every package in the bucket (versions, checksums, problems). The response, one
/// log line per decision and the metrics all say the same thing.
/// </summary>
internal sealed class ModelRefreshFunction(FunctionSettings settings, S3ModelPackages packages, ModelPromotion promotion, FunctionMetrics metrics, TimeProvider time)
{
    public static ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Bucket | FunctionNeeds.Registry);
        var packages = new S3ModelPackages(AwsClients.S3(context.Environment), settings.ModelsBucket!);
        var registry = new DynamoModelRegistry(AwsClients.DynamoDb(context.Environment), settings.ModelsTable!, context.Time, context.Randomizer);
        var metrics = FunctionMetrics.Create(settings.MetricsNamespace, context.FunctionName ?? "model-refresh", context.Output, context.Time);
        var options = new ValidationOptions { QualityTolerance = settings.QualityTolerance, LatencyBudget = settings.LatencyBudget, TreesOnly = settings.TreesOnly };
        var promotion = new ModelPromotion(registry, packages, options, metrics.Instruments);
        context.Log.Info("model refresh ready", new LogField("bucket", settings.ModelsBucket), new LogField("treesOnly", settings.TreesOnly));
        return ValueTask.FromResult<LambdaHandler>(new ModelRefreshFunction(settings, packages, promotion, metrics, context.Time).HandleAsync);
    }

    private async ValueTask<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            var scheduled = ReadEvent(invocation.Payload);
            var report = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(report))
            {
                writer.WriteStartObject();
                writer.WriteString("checkedAt", time.GetUtcNow());
                writer.WriteString("trigger", scheduled?.Id);
                writer.WriteString("source", $"s3://{packages.Bucket}/{BucketLayout.ModelsPrefix}");
                writer.WriteStartArray("models");
                foreach (var name in settings.Surfaces.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    await ReportAsync(writer, name, invocation.Log, cancellationToken);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return report.WrittenSpan.ToArray();
        }
        finally
        {
            metrics.Writer.SetProperty("RequestId", invocation.RequestId);
            metrics.Writer.Flush();
        }
    }

    /// <summary>Any JSON object triggers a run (a scheduled event, or a manual test invoke); anything else is refused.</summary>
    private static ScheduledEvent? ReadEvent(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload.Span, LambdaJsonContext.Default.ScheduledEvent);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The event is not a scheduled event (a JSON object): {e.Message}", e);
        }
    }

    private async Task ReportAsync(Utf8JsonWriter writer, string name, JsonLogger log, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteStartArray("surfaces");
        foreach (var (surface, model) in settings.Surfaces)
        {
            if (model == name)
            {
                writer.WriteStringValue(surface);
            }
        }

        writer.WriteEndArray();
        try
        {
            var (decisions, promoted, live) = await promotion.RunAsync(name, log, cancellationToken);
            writer.WriteString("live", live);
            writer.WriteString("promoted", promoted);
            WriteDecisions(writer, decisions);
            WritePackages(writer, await packages.DescribeAsync(name, cancellationToken), name, log);
        }
        catch (Exception e) when (e is AmazonS3Exception or Amazon.DynamoDBv2.AmazonDynamoDBException or Ranking.Stores.Tables.StoreException or HttpRequestException)
        {
            // One model's source failing must not hide the others' report; the scheduler runs again next period.
            metrics.Instruments.ModelSourceFailed();
            log.Error(e, "model refresh failed for this model", new LogField("model", name));
            writer.WriteString("error", e.Message);
        }

        writer.WriteEndObject();
    }

    private static void WriteDecisions(Utf8JsonWriter writer, IReadOnlyList<GateDecision> decisions)
    {
        writer.WriteStartArray("decisions");
        foreach (var decision in decisions)
        {
            writer.WriteStartObject();
            writer.WriteString("version", decision.Version);
            writer.WriteString("outcome", decision.Outcome);
            writer.WriteString("gate", decision.Gate);
            writer.WriteString("detail", decision.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WritePackages(Utf8JsonWriter writer, IReadOnlyList<ModelPackageInfo> versions, string name, JsonLogger log)
    {
        var problems = versions.Count(v => v.Problem is not null);
        writer.WriteString("newest", versions.LastOrDefault(v => v.Problem is null)?.Version);
        writer.WriteStartArray("versions");
        foreach (var version in versions)
        {
            writer.WriteStartObject();
            writer.WriteString("version", version.Version);
            writer.WriteString("location", version.Prefix);
            writer.WriteString("sha256", version.ManifestSha256);
            if (version.OnnxSize is { } size)
            {
                writer.WriteNumber("onnxBytes", size);
            }

            writer.WriteString("problem", version.Problem);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        metrics.Instruments.ModelsScanned(versions.Count, problems);
        log.Info("model packages", new("model", name), new("versions", versions.Count), new("problems", problems));
    }
}
