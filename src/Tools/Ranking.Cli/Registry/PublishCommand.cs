using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Stores.Registry;
using Spectre.Console;

namespace Ranking.Cli.Registry;

/// <summary>
/// <c>ranking publish</c>: uploads a model package to the bucket, manifest last, and registers the version
/// <c>published</c> for the scheduled refresh to validate. The work is <see cref="ModelPublisher"/>'s; this is the edge.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "Model package folder (manifest.json, model.onnx, holdout...)", Required = true };
        var bucket = new Option<string>("--bucket") { Description = "Artifact bucket; the package goes to models/{name}/{version}/", Required = true };
        var registryTable = new Option<string>("--registry-table") { Description = "Models table", DefaultValueFactory = _ => TableSchemas.DefaultModelsTable };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (the registered version and the files uploaded) instead of progress lines" };
        var command = new Command("publish", "Upload a model package to S3 (endpoint from AWS_ENDPOINT_URL_S3) and register it as published");
        command.Options.Add(model);
        command.Options.Add(bucket);
        command.Options.Add(registryTable);
        command.Options.Add(json);
        command.SetAction(CommandErrors.Guard(context, async (parseResult, cancellationToken) =>
        {
            var dir = parseResult.GetValue(model)!;
            if (!dir.Exists)
            {
                return context.Fail($"--model {dir.FullName} is not a folder.");
            }

            using var s3 = context.Aws.S3();
            using var dynamo = context.Aws.DynamoDb();
            var registry = new DynamoModelRegistry(dynamo, parseResult.GetValue(registryTable)!, context.Time, context.Randomizer);
            var publisher = new ModelPublisher(s3, parseResult.GetValue(bucket)!, registry, context.Time);
            var uploaded = new List<PublishStep>();
            IProgress<PublishStep> progress = parseResult.GetValue(json) ? new Collected(uploaded) : new ConsoleProgress(context.Out);
            var record = await publisher.PublishAsync(dir.FullName, progress, cancellationToken);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("model");
                    ModelJson.WriteVersion(w, record, live: false);
                    w.WriteStartArray("files");
                    foreach (var step in uploaded)
                    {
                        w.WriteStartObject();
                        w.WriteString("file", step.File);
                        w.WriteNumber("bytes", step.Bytes);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return 0;
            }

            context.Out.MarkupLine($"published [bold]{Markup.Escape(record.Name)}/{Markup.Escape(record.Version)}[/] at {Markup.Escape(record.Location)}");
            return 0;
        }));
        return command;
    }

    /// <summary>Keeps each uploaded file for the <c>--json</c> summary.</summary>
    private sealed class Collected(List<PublishStep> steps) : IProgress<PublishStep>
    {
        public void Report(PublishStep value) => steps.Add(value);
    }

    /// <summary>One line per uploaded file; the publisher reports from its own flow, in order.</summary>
    private sealed class ConsoleProgress(IAnsiConsole console) : IProgress<PublishStep>
    {
        public void Report(PublishStep value) => console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{value.Index}/{value.Count}] uploaded {value.File} ({value.Bytes / 1024.0:F1} KiB)"));
    }
}
