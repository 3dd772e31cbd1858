using System.CommandLine;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Stores.Models;
using Ranking.Stores.Tables;

namespace Ranking.Cli.Dev;

/// <summary>
/// <c>ranking dev up|down</c>: the AWS side on one machine. <c>up</c> starts dynalite and s3rver, creates every table
/// and the bucket, loads the marketplace, and publishes, validates and promotes the newest version of each model,
/// through the same commands a user runs against AWS; then it prints the variables that point a shell at them.
/// </summary>
internal static class DevCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("dev", "Run the AWS side on this machine: dynalite and s3rver with the tables, the sample and the models");
        command.Subcommands.Add(Up(context));
        command.Subcommands.Add(Down(context));
        return command;
    }

    private static Option<string> State() => new("--state") { Description = "Folder for the servers' state, logs and S3 files", DefaultValueFactory = _ => ".ranking-dev" };

    private static Command Up(CliContext context)
    {
        var state = State();
        var dynamoDbPort = new Option<int>("--dynamodb-port") { Description = "dynalite's port on 127.0.0.1 (0: a free one)", DefaultValueFactory = _ => 4567 };
        var s3Port = new Option<int>("--s3-port") { Description = "s3rver's port on 127.0.0.1 (0: a free one)", DefaultValueFactory = _ => 4569 };
        var bucket = new Option<string>("--bucket") { Description = "The models bucket to create", DefaultValueFactory = _ => "ranking-models" };
        var data = new Option<string>("--data") { Description = "Marketplace folder to load (items.jsonl, users.jsonl, feeds.jsonl)", DefaultValueFactory = _ => "samples/marketplace" };
        var models = new Option<string>("--models") { Description = "Models folder: the newest version of each model is published, validated and promoted", DefaultValueFactory = _ => "samples/models" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (servers, steps run, environment) on stdout; the steps' own output goes to stderr" };
        var command = new Command("up", "Start dynalite and s3rver, create the tables and bucket, load the marketplace, publish, validate and promote the models")
        {
            state, dynamoDbPort, s3Port, bucket, data, models, json,
        };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(state)!);
            var asJson = parse.GetValue(json);
            // Under --json, stdout carries the one object; what people read goes to stderr.
            var say = asJson ? context.Error : context.Stdout;
            var (dataDirectory, modelsDirectory) = (parse.GetValue(data)!, parse.GetValue(models)!);
            var sample = new[] { "items.jsonl", "users.jsonl", "feeds.jsonl" }.Select(f => Path.Combine(dataDirectory, f)).ToList();
            if (sample.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            {
                return context.Fail($"--data: {missing} is missing");
            }

            var packages = Directory.Exists(modelsDirectory)
                ? Directory.EnumerateDirectories(modelsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                    .Select(name => (Name: name!, Versions: ModelDirectory.Versions(modelsDirectory, name!))).Where(m => m.Versions.Count > 0).ToList()
                : [];
            if (packages.Count == 0)
            {
                return context.Fail($"--models: {modelsDirectory} holds no model package (<name>/<version>/manifest.json)");
            }

            if (DevServers.Load(folder) is { } previous && previous.Stop() is { Count: > 0 } stopped)
            {
                say.WriteLine($"stopped what the previous dev up left running: {string.Join(", ", stopped)}");
            }

            Directory.CreateDirectory(folder);
            var servers = await DevServers.StartAsync(folder, parse.GetValue(dynamoDbPort), parse.GetValue(s3Port), parse.GetValue(bucket)!, cancellationToken);
            say.WriteLine($"dynalite on {servers.DynamoDbUrl}, s3rver on {servers.S3Url} (bucket {servers.Bucket}); state in {folder}");
            var local = new CliContext
            {
                Out = asJson ? CliContext.StdoutConsole(redirected: true, context.Error) : context.Out,
                Error = context.Error,
                Time = context.Time,
                Randomizer = context.Randomizer,
                // No SQS on this machine: enqueue's endpoint is its own variable (README).
                Aws = AwsClients.Loopback(servers.DynamoDbUrl, servers.S3Url, "http://127.0.0.1:9"),
            };
            var steps = new List<string[]> { (["load", "--items", sample[0], "--users", sample[1], "--feeds", sample[2], "--create-tables"]) };
            foreach (var (name, versions) in packages)
            {
                var version = versions[0];
                steps.Add(["publish", "--model", Path.Combine(modelsDirectory, name, version), "--bucket", servers.Bucket]);
                steps.Add(["models", "validate", "--name", name, "--version", version, "--bucket", servers.Bucket]);
                steps.Add(["models", "promote", "--name", name, "--version", version]);
            }

            var leftRunning = $"the servers are left running for a look: ranking dev down --state {folder} stops them";
            try
            {
                using (var dynamo = local.Aws.DynamoDb())
                {
                    await DynamoTables.EnsureAsync(dynamo, TableDefinitions.CreateModelsTable(TableSchemas.DefaultModelsTable), cancellationToken);
                }

                foreach (var step in steps)
                {
                    var line = $"ranking {string.Join(' ', step)}";
                    say.WriteLine($"$ {line}");
                    var exit = await RankingCommand.InvokeAsync(step, local, cancellationToken);
                    if (exit != 0)
                    {
                        return context.Fail($"{line} failed (exit {exit}); {leftRunning}");
                    }
                }
            }
            catch (Exception e) when (CommandErrors.IsExpected(e))
            {
                return context.Fail($"{e.Message}; {leftRunning}");
            }

            if (asJson)
            {
                JsonOutput.Write(context.Stdout, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("dynamodb", servers.DynamoDbUrl);
                    w.WriteString("s3", servers.S3Url);
                    w.WriteString("bucket", servers.Bucket);
                    w.WriteString("state", folder);
                    w.WriteStartArray("steps");
                    foreach (var step in steps)
                    {
                        w.WriteStringValue($"ranking {string.Join(' ', step)}");
                    }

                    w.WriteEndArray();
                    w.WriteStartObject("environment");
                    foreach (var (name, value) in Environment(servers))
                    {
                        w.WriteString(name, value);
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return 0;
            }

            context.Stdout.WriteLine("the AWS side is up; point a shell at it with:");
            foreach (var line in Exports(servers))
            {
                context.Stdout.WriteLine(line);
            }

            return 0;
        }));
        return command;
    }

    private static Command Down(CliContext context)
    {
        var state = State();
        var command = new Command("down", "Stop what dev up started and delete its state folder") { state };
        command.SetAction(CommandErrors.Guard(context, parse =>
        {
            var folder = Path.GetFullPath(parse.GetValue(state)!);
            if (DevServers.Load(folder) is not { } servers)
            {
                return context.Fail($"nothing to stop: {folder} holds no {DevServers.StateFile} (was dev up run with another --state?)");
            }

            var stopped = servers.Stop();
            Directory.Delete(folder, recursive: true);
            context.Stdout.WriteLine(stopped.Count > 0 ? $"stopped {string.Join(", ", stopped)}; removed {folder}" : $"nothing was running; removed {folder}");
            return 0;
        }));
        return command;
    }

    /// <summary>The variables every command and function reads, for the servers and the names dev up created, as shell lines.</summary>
    public static IEnumerable<string> Exports(DevServers servers) =>
        Variables(servers).Select(line => "export " + string.Join(' ', line.Select(v => $"{v.Name}={v.Value}")));

    private static IEnumerable<(string Name, string Value)> Environment(DevServers servers) => Variables(servers).SelectMany(line => line);

    /// <summary>Grouped as the export lines print them.</summary>
    private static (string Name, string Value)[][] Variables(DevServers servers) =>
    [
        [("AWS_ENDPOINT_URL_DYNAMODB", servers.DynamoDbUrl)],
        [("AWS_ENDPOINT_URL_S3", servers.S3Url)],
        [("AWS_ACCESS_KEY_ID", AwsClients.LoopbackKey), ("AWS_SECRET_ACCESS_KEY", AwsClients.LoopbackKey), ("AWS_REGION", AwsClients.LoopbackRegion)],
        [("MODELS_BUCKET", servers.Bucket), ("RANKING_MODELS_BUCKET", servers.Bucket)],
        [
            ("RANKING_ITEMS_TABLE", TableSchemas.DefaultItemsTable), ("RANKING_USERS_TABLE", TableSchemas.DefaultUsersTable),
            ("RANKING_FEEDS_TABLE", TableSchemas.DefaultFeedsTable), ("RANKING_MODELS_TABLE", TableSchemas.DefaultModelsTable),
        ],
    ];
}
