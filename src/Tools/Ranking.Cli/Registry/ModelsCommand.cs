using System.CommandLine;
using Ranking.Cli.Explanations;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Stores.Registry;
using Spectre.Console;

namespace Ranking.Cli.Registry;

/// <summary>
/// <c>ranking models list|show|promote|rollback|reject</c>: operate the model registry (DynamoDB endpoint from
/// AWS_ENDPOINT_URL_DYNAMODB). Tables for people, <c>--json</c> for scripts; a refused move is an error, exit 2.
/// <c>models explain</c> reads a local package instead (<see cref="ModelExplainCommand"/>).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", "List, inspect, promote, roll back and reject model versions in the registry");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Promote(context));
        command.Subcommands.Add(Rollback(context));
        command.Subcommands.Add(Reject(context));
        command.Subcommands.Add(ModelExplainCommand.Create(context));
        return command;
    }

    private static Option<string> Table() => new("--registry-table") { Description = "Models table", DefaultValueFactory = _ => TableSchemas.DefaultModelsTable };

    private static Option<string> Name(bool required) => new("--name") { Description = "Model name, e.g. feed-ltr", Required = required };

    private static Option<string> Version() => new("--version") { Description = "Model version", Required = true };

    private static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table" };

    private static Command List(CliContext context)
    {
        var (table, name, json) = (Table(), Name(required: false), Json());
        var command = new Command("list", "List model versions (all names, or one), marking the live version") { table, name, json };
        command.SetAction(WithRegistry(context, table, async (parse, registry, cancellationToken) =>
        {
            var names = parse.GetValue(name) is { } one ? [one] : await registry.ListNamesAsync(cancellationToken);
            var records = new List<ModelVersionRecord>();
            var live = new Dictionary<string, LiveAlias>(StringComparer.Ordinal);
            foreach (var n in names)
            {
                records.AddRange(await registry.ListAsync(n, cancellationToken));
                if (await registry.GetLiveAsync(n, cancellationToken) is { } alias)
                {
                    live[n] = alias;
                }
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, w =>
                {
                    w.WriteStartArray();
                    records.ForEach(r => ModelJson.WriteVersion(w, r, live.TryGetValue(r.Name, out var a) && a.Version == r.Version));
                    w.WriteEndArray();
                }, indented: true);
            }
            else if (records.Count == 0)
            {
                context.Out.WriteLine("no model versions registered");
            }
            else
            {
                context.Out.Write(ModelTables.Versions(records, live));
            }

            return 0;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var (table, name, version, json) = (Table(), Name(required: true), Version(), Json());
        var command = new Command("show", "Show one model version and the live alias") { table, name, version, json };
        command.SetAction(WithRegistry(context, table, async (parse, registry, cancellationToken) =>
        {
            var (n, v) = (parse.GetValue(name)!, parse.GetValue(version)!);
            if (await registry.GetAsync(n, v, cancellationToken) is not { } record)
            {
                return context.Fail($"{n}/{v} is not registered.");
            }

            var live = await registry.GetLiveAsync(n, cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("model");
                    ModelJson.WriteVersion(w, record, live?.Version == v);
                    ModelJson.WriteAlias(w, live);
                    w.WriteEndObject();
                }, indented: true);
            }
            else
            {
                context.Out.Write(ModelTables.Details(record, live));
            }

            return 0;
        }));
        return command;
    }

    private static Command Promote(CliContext context)
    {
        var (table, name, version) = (Table(), Name(required: true), Version());
        var command = new Command("promote", "Point the live alias at a validated (or retired) version") { table, name, version };
        command.SetAction(WithRegistry(context, table, async (parse, registry, cancellationToken) =>
            Report(context, await registry.PromoteAsync(parse.GetValue(name)!, parse.GetValue(version)!, cancellationToken))));
        return command;
    }

    private static Command Rollback(CliContext context)
    {
        var (table, name) = (Table(), Name(required: true));
        var command = new Command("rollback", "Point the live alias back at the previous live version") { table, name };
        command.SetAction(WithRegistry(context, table, async (parse, registry, cancellationToken) =>
            Report(context, await registry.RollbackAsync(parse.GetValue(name)!, cancellationToken))));
        return command;
    }

    private static Command Reject(CliContext context)
    {
        var (table, name, version) = (Table(), Name(required: true), Version());
        var reason = new Option<string>("--reason") { Description = "Why the version must not go live", Required = true };
        var command = new Command("reject", "Mark a version rejected so it is never promoted (not the live one: roll back first)") { table, name, version, reason };
        command.SetAction(WithRegistry(context, table, async (parse, registry, cancellationToken) =>
        {
            var (n, v) = (parse.GetValue(name)!, parse.GetValue(version)!);
            if (await registry.GetAsync(n, v, cancellationToken) is not { } record)
            {
                return context.Fail($"{n}/{v} is not registered.");
            }

            if (record.Status is ModelStatus.Live or ModelStatus.Rejected || (await registry.GetLiveAsync(n, cancellationToken))?.Version == v)
            {
                return context.Fail(record.Status == ModelStatus.Rejected
                    ? $"{n}/{v} is already rejected ({record.Reason})."
                    : $"{n}/{v} is live: promote another version or roll back first.");
            }

            // Conditional on the status just read: a refresh or promotion that moved it meanwhile is not overwritten.
            return await registry.TryUpdateStatusAsync(n, v, record.Status, ModelStatus.Rejected, parse.GetValue(reason), cancellationToken)
                ? Done(context, $"{n}/{v} rejected (was {record.Status.ToText()}).")
                : context.Fail($"{n}/{v} changed while being rejected (it was {record.Status.ToText()}): look again with models show.");
        }));
        return command;
    }

    private static int Report(CliContext context, RegistryResult result) =>
        result.Outcome == RegistryOutcome.Done ? Done(context, result.Message) : context.Fail(result.Message);

    private static int Done(CliContext context, string message)
    {
        context.Out.WriteLine(message);
        return 0;
    }

    /// <summary>A subcommand's action over the registry in <paramref name="table"/>, its client made and disposed around it.</summary>
    private static Func<ParseResult, CancellationToken, Task<int>> WithRegistry(
        CliContext context, Option<string> table, Func<ParseResult, IModelRegistry, CancellationToken, Task<int>> action) =>
        CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            using var client = context.Aws.DynamoDb();
            return await action(parse, new DynamoModelRegistry(client, parse.GetValue(table)!, context.Time, context.Randomizer), cancellationToken);
        });
}
