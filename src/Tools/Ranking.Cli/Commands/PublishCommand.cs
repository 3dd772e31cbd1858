using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Aws;
using Ranking.Cli.Registry;
using Ranking.Stores;
using Ranking.Stores.Registry;
using Spectre.Console;

namespace Ranking.Cli.Commands;

/// <summary>
/// <c>ranking publish</c>: uploads a model package to the bucket, manifest last, and registers the version
/// <c>published</c> for the scheduled refresh to validate. The work is <see cref="ModelPublisher"/>'s; this is the edge.
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "Model package folder (manifest.json, model.onnx, holdout...)", Required = true };
        var bucket = new Option<string>("--bucket") { Description = "Artifact bucket; the package goes to models/{name}/{version}/", Required = true };
        var registryTable = new Option<string>("--registry-table") { Description = "Models table", DefaultValueFactory = _ => TableSchemas.DefaultModelsTable };
        var command = new Command("publish", "Upload a model package to S3 (endpoint from AWS_ENDPOINT_URL_S3) and register it as published");
        command.Options.Add(model);
        command.Options.Add(bucket);
        command.Options.Add(registryTable);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dir = parseResult.GetValue(model)!;
            if (!dir.Exists)
            {
                return CliErrors.Fail($"--model {dir.FullName} is not a folder.");
            }

            try
            {
                using var s3 = RegistryClients.S3();
                using var dynamo = RegistryClients.DynamoDb();
                var registry = RegistryClients.Registry(dynamo, parseResult.GetValue(registryTable)!);
                var publisher = new ModelPublisher(s3, parseResult.GetValue(bucket)!, registry, TimeProvider.System);
                var record = await publisher.PublishAsync(dir.FullName, new ConsoleProgress(), cancellationToken);
                AnsiConsole.MarkupLine($"published [bold]{Markup.Escape(record.Name)}/{Markup.Escape(record.Version)}[/] at {Markup.Escape(record.Location)}");
                return 0;
            }
            catch (Exception e) when (e is PublishRefusedException or ArgumentException || AwsErrors.IsExpected(e))
            {
                return CliErrors.Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>One line per uploaded file; the publisher reports from its own flow, in order.</summary>
    private sealed class ConsoleProgress : IProgress<PublishStep>
    {
        public void Report(PublishStep value) => AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{value.Index}/{value.Count}] uploaded {value.File} ({value.Bytes / 1024.0:F1} KiB)"));
    }
}
