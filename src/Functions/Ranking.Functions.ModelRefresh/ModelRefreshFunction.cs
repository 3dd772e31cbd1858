using System.Buffers;
using System.Text.Json;
using Amazon.S3;
using Ranking.Lambda.Configuration;
using Ranking.Lambda.Events;
using Ranking.Lambda.Hosting;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.S3;

namespace Ranking.Functions.ModelRefresh;

/// <summary>
/// Scheduled: reports every package of each configured model (versions, checksums, problems) in its response,
/// one log line per model and metrics. Validation and promotion build on this (the model lifecycle issue).
/// </summary>
internal sealed class ModelRefreshFunction(FunctionSettings settings, ModelPackageCatalog packages, EmfMetrics metrics, TimeProvider time)
{
    public static ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Models);
        IAmazonS3? s3 = settings.ModelDirectory is null ? AwsClients.S3(context.Environment) : null;
        var packages = new ModelPackageCatalog(settings.ModelDirectory, s3 is null ? null : new S3ModelPackages(s3, settings.ModelsBucket!));
        var metrics = new EmfMetrics(settings.MetricsNamespace, context.FunctionName ?? "model-refresh", context.Output, context.Time);
        context.Log.Info("model refresh ready", new LogField("source", packages.Source));
        return ValueTask.FromResult<LambdaHandler>(new ModelRefreshFunction(settings, packages, metrics, context.Time).HandleAsync);
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
                writer.WriteString("source", packages.Source);
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
            metrics.SetProperty("RequestId", invocation.RequestId);
            metrics.Flush();
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
        IReadOnlyList<ModelPackageInfo> versions;
        try
        {
            versions = await packages.DescribeAsync(name, cancellationToken);
        }
        catch (Exception e) when (e is AmazonS3Exception or IOException or HttpRequestException or UnauthorizedAccessException)
        {
            metrics.Record("ModelSourceErrors", 1, EmfUnit.Count);
            log.Error(e, "model source unreadable", new LogField("model", name));
            writer.WriteString("error", e.Message);
            writer.WriteEndObject();
            return;
        }

        var problems = versions.Count(v => v.Problem is not null);
        var newest = versions.LastOrDefault(v => v.Problem is null)?.Version;
        writer.WriteString("newest", newest);
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
        writer.WriteEndObject();
        metrics.Record("ModelVersions", versions.Count, EmfUnit.Count);
        metrics.Record("ModelPackageProblems", problems, EmfUnit.Count);
        log.Info("model packages", new("model", name), new("versions", versions.Count), new("newest", newest), new("problems", problems));
    }
}
