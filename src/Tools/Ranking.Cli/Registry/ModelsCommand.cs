using System.CommandLine;
using Ranking.Cli.Explanations;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Core.Validation;
using Ranking.Handlers.Models;
using Ranking.Stores.Models;
using Ranking.Stores.Registry;
using Spectre.Console;

namespace Ranking.Cli.Registry;

/// <summary>
/// <c>ranking models list|show|validate|promote|rollback|reject</c>: operate the model registry (DynamoDB endpoint from
/// AWS_ENDPOINT_URL_DYNAMODB; packages from the bucket, AWS_ENDPOINT_URL_S3). Tables for people, <c>--json</c> for scripts; a refused move is an error, exit 2.
/// <c>models explain</c> reads a local package instead (<see cref="ModelExplainCommand"/>).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", "List, inspect, validate, promote, roll back and reject model versions in the registry");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Promote(context));
        command.Subcommands.Add(Rollback(context));
        command.Subcommands.Add(Reject(context));
        command.Subcommands.Add(Validate(context));
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

    /// <summary>Exit code of <c>models validate</c> when the version failed a gate: the command ran, the answer is no.</summary>
    public const int FailedGate = 3;

    private static Command Validate(CliContext context)
    {
        var (table, name, version, json) = (Table(), Name(required: true), Version(), Json());
        var bucket = new Option<string>("--bucket") { Description = "The artifact bucket; default: the one the registry says the version was published to" };
        var defaults = new ValidationOptions();
        var tolerance = new Option<double>("--quality-tolerance") { Description = "As ModelRefresh's RANKING_QUALITY_TOLERANCE", DefaultValueFactory = _ => defaults.QualityTolerance };
        var budget = new Option<int>("--latency-budget-ms") { Description = "As ModelRefresh's RANKING_LATENCY_BUDGET_MS", DefaultValueFactory = _ => (int)defaults.LatencyBudget.TotalMilliseconds };
        var treesOnly = new Option<bool>("--trees-only") { Description = "As ModelRefresh's RANKING_TREES_ONLY: the deployment serves tree models natively only" };
        var command = new Command(
            "validate",
            $"Run ModelRefresh's gates on a published version against the live model and record the decision (exit {FailedGate} when it fails a gate)")
        {
            table, name, version, bucket, tolerance, budget, treesOnly, json,
        };
        command.SetAction(WithRegistry(context, table, async (parse, registry, cancellationToken) =>
        {
            var (n, v) = (parse.GetValue(name)!, parse.GetValue(version)!);
            if (await registry.GetAsync(n, v, cancellationToken) is not { } record)
            {
                return context.Fail($"{n}/{v} is not registered: publish it first (ranking publish).");
            }

            if (record.Status is not (ModelStatus.Published or ModelStatus.Validated))
            {
                return context.Fail(record.Status == ModelStatus.Rejected
                    ? $"{n}/{v} is already rejected ({record.Reason}): publish a fixed package as a new version."
                    : $"{n}/{v} is {record.Status.ToText()}: only a published or validated version is validated.");
            }

            var alias = await registry.GetLiveAsync(n, cancellationToken);
            if (!RegistryGates.IsNew(v, alias))
            {
                // ModelRefresh leaves such a version alone; the gates would reject it for good.
                return context.Fail($"{n}/{v} is not newer than live {alias!.Version} (or was live before): it cannot go live, so it is not validated.");
            }

            var (given, qualityTolerance, budgetMs) = (parse.GetValue(bucket), parse.GetValue(tolerance), parse.GetValue(budget));
            if (qualityTolerance is < 0 or > 1 || budgetMs < 1)
            {
                return context.Fail("--quality-tolerance must be from 0 to 1 and --latency-budget-ms positive");
            }

            var published = PublishedBucket(record.Location);
            if (given is not null && published is not null && given != published)
            {
                return context.Fail($"{n}/{v} was published to s3://{published}/, not to --bucket {given}: the gates would find no package there and reject it for good");
            }

            if ((published ?? given) is not { } packageBucket)
            {
                return context.Fail($"the registry's location of {n}/{v} ({record.Location}) names no bucket: give --bucket");
            }

            var options = new ValidationOptions { QualityTolerance = qualityTolerance, LatencyBudget = TimeSpan.FromMilliseconds(budgetMs), TreesOnly = parse.GetValue(treesOnly) };
            using var s3 = context.Aws.S3();
            // ModelRefresh's gates: its functions serve tree models natively without falling back to ONNX Runtime.
            var gates = new RegistryGates(registry, new S3ModelPackages(s3, packageBucket), options);
            var (live, liveProblem) = await gates.LoadLiveAsync(n, alias, cancellationToken);
            GateDecision decision;
            using (live)
            {
                decision = await gates.DecideAsync(n, record, alias, live, cancellationToken);
            }

            if (liveProblem is not null)
            {
                context.Error.WriteLine($"note: live {n}/{alias!.Version} does not load ({liveProblem}); quality was not compared with it");
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, w => WriteDecision(w, n, alias?.Version, decision));
            }
            else
            {
                var gateTable = new Table { Title = new TableTitle($"{n}/{v} against live {alias?.Version ?? "(none)"}") };
                gateTable.AddColumn("gate").AddColumn("result").AddColumn("detail");
                foreach (var gate in decision.Gates)
                {
                    gateTable.AddRow(gate.Gate, gate.Passed ? "pass" : "FAIL", Markup.Escape(gate.Detail));
                }

                context.Out.Write(gateTable);
                context.Out.WriteLine(decision.Recorded
                    ? $"{n}/{v} {decision.Outcome}: recorded in the registry."
                    : $"{n}/{v} {decision.Outcome}, but its status changed meanwhile and was left as it is: look again with models show.");
            }

            return decision.Outcome == GateDecision.Validated ? 0 : FailedGate;
        }));
        return command;
    }

    /// <summary>The bucket of a registry location <c>s3://bucket/models/{name}/{version}/</c>, or null when it is not one.</summary>
    private static string? PublishedBucket(string location) =>
        location.StartsWith("s3://", StringComparison.Ordinal) && location.IndexOf('/', 5) is var slash and > 5 ? location[5..slash] : null;

    private static void WriteDecision(System.Text.Json.Utf8JsonWriter w, string name, string? live, GateDecision decision)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("version", decision.Version);
        w.WriteString("live", live);
        w.WriteString("outcome", decision.Outcome);
        w.WriteString("gate", decision.Gate);
        w.WriteString("detail", decision.Detail);
        JsonOutput.WriteNumberOrNull(w, "holdoutNdcg10", decision.HoldoutNdcg10);
        w.WriteBoolean("recorded", decision.Recorded);
        w.WriteGates(decision.Gates);
        w.WriteEndObject();
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
