using System.CommandLine;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Items;
using Ranking.Stores.Tables;
using Ranking.Stores.Users;
using Spectre.Console;

namespace Ranking.Cli.Data;

/// <summary>
/// <c>ranking load</c>: bulk-loads items, users and feeds from JSONL into DynamoDB. The client comes from the SDK's
/// standard configuration, so <c>AWS_ENDPOINT_URL_DYNAMODB</c> points it at dynalite or any other endpoint.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(CliContext context)
    {
        var items = new Option<string>("--items") { Description = "Items JSONL file (one item per line)" };
        var users = new Option<string>("--users") { Description = "Users JSONL file" };
        var feeds = new Option<string>("--feeds") { Description = "Feeds JSONL file" };
        var itemsTable = new Option<string>("--items-table") { Description = "Items table", DefaultValueFactory = _ => TableSchemas.DefaultItemsTable };
        var usersTable = new Option<string>("--users-table") { Description = "Users table", DefaultValueFactory = _ => TableSchemas.DefaultUsersTable };
        var feedsTable = new Option<string>("--feeds-table") { Description = "Feeds table", DefaultValueFactory = _ => TableSchemas.DefaultFeedsTable };
        var createTables = new Option<bool>("--create-tables") { Description = "Create missing tables (on-demand billing) before loading" };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of progress and lines" };
        var command = new Command("load", "Bulk-load items, users and feeds from JSONL files into DynamoDB (endpoint from AWS_ENDPOINT_URL_DYNAMODB)");
        foreach (var option in new Option[] { items, users, feeds, itemsTable, usersTable, feedsTable, createTables, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandErrors.Guard(context, async (parseResult, cancellationToken) =>
        {
            var plan = new List<TableLoad>();
            if (parseResult.GetValue(items) is { } itemsPath)
            {
                plan.Add(new TableLoad("items", parseResult.GetValue(itemsTable)!, TableDefinitions.CreateItemsTable, [.. RecordJsonl.ReadItems(itemsPath).Select(ItemMapper.ToAttributes)]));
            }

            if (parseResult.GetValue(users) is { } usersPath)
            {
                plan.Add(new TableLoad("users", parseResult.GetValue(usersTable)!, TableDefinitions.CreateUsersTable, [.. RecordJsonl.ReadUsers(usersPath).Select(UserMapper.ToAttributes)]));
            }

            if (parseResult.GetValue(feeds) is { } feedsPath)
            {
                plan.Add(new TableLoad("feeds", parseResult.GetValue(feedsTable)!, TableDefinitions.CreateFeedsTable, [.. RecordJsonl.ReadFeeds(feedsPath).Select(FeedMapper.ToAttributes)]));
            }

            if (plan.Count == 0)
            {
                return context.Fail("nothing to load: give at least one of --items, --users, --feeds.");
            }

            using var client = context.Aws.DynamoDb();
            return await RunAsync(context, client, plan, parseResult.GetValue(createTables), parseResult.GetValue(json), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IAmazonDynamoDB client, List<TableLoad> plan, bool createTables, bool json, CancellationToken cancellationToken)
    {
        var console = context.Out;
        var started = context.Time.GetTimestamp();
        var created = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (createTables)
        {
            foreach (var load in plan)
            {
                created[load.Table] = await DynamoTables.EnsureAsync(client, load.Schema(load.Table), cancellationToken);
                if (!json)
                {
                    console.MarkupLine($"table [bold]{Markup.Escape(load.Table)}[/] {(created[load.Table] ? "created" : "exists")}");
                }
            }
        }

        var writer = new DynamoBatchWriter(client, context.Time, context.Randomizer);
        if (json)
        {
            await Task.WhenAll(plan.Select(load => writer.WriteAsync(load.Table, load.Rows, null, cancellationToken)));
            JsonOutput.Write(context.Stdout, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("tables");
                foreach (var load in plan)
                {
                    w.WriteStartObject();
                    w.WriteString("what", load.What);
                    w.WriteString("table", load.Table);
                    w.WriteNumber("rows", load.Rows.Count);
                    if (created.TryGetValue(load.Table, out var made))
                    {
                        w.WriteBoolean("created", made);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("seconds", Math.Round(context.Time.GetElapsedTime(started).TotalSeconds, 3));
                w.WriteEndObject();
            });
            return 0;
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                async Task LoadAsync(TableLoad load)
                {
                    var task = progress.AddTask($"{load.What} -> {Markup.Escape(load.Table)}", maxValue: Math.Max(1, load.Rows.Count));
                    await writer.WriteAsync(load.Table, load.Rows, new BatchProgress(task), cancellationToken);
                    task.Value = task.MaxValue;
                }

                await Task.WhenAll(plan.Select(LoadAsync));
            });

        foreach (var load in plan)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {load.Rows.Count} {load.What} into {load.Table}"));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {context.Time.GetElapsedTime(started).TotalSeconds:F1} s"));
        return 0;
    }

    private sealed record TableLoad(string What, string Table, Func<string, CreateTableRequest> Schema, List<Dictionary<string, AttributeValue>> Rows);

    /// <summary>Spectre's tasks take increments from any thread.</summary>
    private sealed class BatchProgress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Increment(value);
    }
}
