using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Core.Experiments;
using Ranking.Stores.Experiments;
using Ranking.Stores.Registry;
using Spectre.Console;

namespace Ranking.Cli.Experiments;

/// <summary>
/// <c>ranking experiments start|stop|show|list</c>: each surface's experiment, in the models table (DynamoDB endpoint
/// from AWS_ENDPOINT_URL_DYNAMODB) or, with <c>--local DIR</c>, in the folder <c>serve --experiments</c> reads. A
/// configuration that cannot run is refused before anything is written, each problem named.
/// </summary>
internal static class ExperimentsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("experiments", "Start, stop and inspect A/B and interleaving experiments per surface");
        command.Subcommands.Add(Start(context));
        command.Subcommands.Add(Stop(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(ExperimentReportCommand.Create(context));
        return command;
    }

    private sealed record StoreOptions(Option<string> Table, Option<string?> Local, Option<string> Models);

    private static StoreOptions Store() => new(
        new Option<string>("--registry-table") { Description = "Models table holding the experiments", DefaultValueFactory = _ => TableSchemas.DefaultModelsTable },
        new Option<string?>("--local") { Description = "serve's experiments folder (serve --experiments) instead of the table" },
        new Option<string>("--models") { Description = "With --local: the models folder whose versions variants may name", DefaultValueFactory = _ => "samples/models" });

    private static Option<string> Surface() => new("--surface") { Description = "Surface, e.g. feed", Required = true };

    private static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table" };

    private static Command Start(CliContext context)
    {
        var store = Store();
        var surface = Surface();
        var id = new Option<string>("--id") { Description = "Experiment id, e.g. feed-dec ([a-z0-9_-], up to 64)", Required = true };
        var mode = new Option<string>("--mode") { Description = "ab (each user sees one variant) or interleave (team draft of two)", DefaultValueFactory = _ => ExperimentModes.AB };
        var variants = new Option<string[]>("--variant") { Description = "NAME=MODEL[@SHARE], MODEL being live or name:version; twice or more", Required = true, AllowMultipleArgumentsPerToken = false };
        var salt = new Option<string?>("--salt") { Description = "Assignment salt (default: the id)" };
        var maxFallback = new Option<double?>("--max-fallback-rate") { Description = "Guardrail: stop a variant whose fallback rate over the window exceeds this (0-1)" };
        var maxP99 = new Option<double?>("--max-p99-ms") { Description = "Guardrail: stop a variant whose p99 latency over the window exceeds this" };
        var window = new Option<int>("--guardrail-window") { Description = "Guardrail window, in requests per variant and process", DefaultValueFactory = _ => ExperimentGuardrail.DefaultWindow };
        var minRequests = new Option<int>("--guardrail-min-requests") { Description = "Requests a variant serves before its guardrail can trip", DefaultValueFactory = _ => ExperimentGuardrail.DefaultMinRequests };
        var command = new Command("start", "Start an experiment on a surface (refused while one runs there)")
        {
            store.Table, store.Local, store.Models, surface, id, mode, variants, salt, maxFallback, maxP99, window, minRequests,
        };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            if (!TryParseVariants(parse.GetValue(variants)!, out var parsed, out var bad))
            {
                return context.Fail(bad);
            }

            var (fallbackLimit, p99Limit) = (parse.GetValue(maxFallback), parse.GetValue(maxP99));
            var experiment = new Experiment
            {
                Id = parse.GetValue(id)!,
                Surface = parse.GetValue(surface)!,
                Mode = parse.GetValue(mode)!,
                Variants = parsed,
                Salt = parse.GetValue(salt),
                StartedAt = context.Time.GetUtcNow(),
                Guardrail = fallbackLimit is null && p99Limit is null ? null : new ExperimentGuardrail
                {
                    MaxFallbackRate = fallbackLimit,
                    MaxP99Ms = p99Limit,
                    Window = parse.GetValue(window),
                    MinRequests = parse.GetValue(minRequests),
                },
            };
            var problems = ExperimentValidator.Problems(experiment).ToList();
            using var target = Open(context, parse, store);
            problems.AddRange(await target.UnknownVersionsAsync(experiment, cancellationToken));
            if (problems.Count > 0)
            {
                return context.Fail($"experiment {experiment.Id} not started:\n  " + string.Join("\n  ", problems));
            }

            if (!await target.Experiments.TryStartAsync(experiment, cancellationToken))
            {
                var running = await target.Experiments.GetAsync(experiment.Surface, cancellationToken);
                return context.Fail($"surface {experiment.Surface} already runs experiment {running?.Id} (started {Time(running?.StartedAt)}): stop it first.");
            }

            context.Stdout.WriteLine($"started experiment {experiment.Id} ({experiment.Mode}) on {experiment.Surface} in {target.Experiments.Source}: {experiment.DescribeVariants()}");
            return 0;
        }));
        return command;
    }

    private static Command Stop(CliContext context)
    {
        var (store, surface) = (Store(), Surface());
        var command = new Command("stop", "Stop the surface's running experiment (kept, stopped, for its report)") { store.Table, store.Local, store.Models, surface };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            using var target = Open(context, parse, store);
            var name = parse.GetValue(surface)!;
            if (await target.Experiments.StopAsync(name, context.Time.GetUtcNow(), cancellationToken) is not { } stopped)
            {
                return context.Fail($"no experiment is running on {name}.");
            }

            var ran = stopped.StoppedAt!.Value - stopped.StartedAt;
            context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped experiment {stopped.Id} on {name} after {ran.TotalHours:0.##} h"));
            return 0;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var (store, surface, json) = (Store(), Surface(), Json());
        var command = new Command("show", "Show the surface's experiment, running or last stopped") { store.Table, store.Local, store.Models, surface, json };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            using var target = Open(context, parse, store);
            var name = parse.GetValue(surface)!;
            if (await target.Experiments.GetAsync(name, cancellationToken) is not { } experiment)
            {
                return context.Fail($"surface {name} has no experiment.");
            }

            if (parse.GetValue(json))
            {
                context.Stdout.Write(ExperimentJson.Write(experiment) + "\n");
                return 0;
            }

            var grid = new Grid().AddColumn().AddColumn();
            void Row(string key, string value) => grid.AddRow($"[bold]{key}[/]", Markup.Escape(value));
            Row("id", experiment.Id);
            Row("surface", experiment.Surface);
            Row("mode", experiment.Mode);
            Row("status", experiment.IsRunning ? "running" : "stopped");
            Row("variants", experiment.DescribeVariants());
            Row("salt", experiment.EffectiveSalt);
            Row("started", Time(experiment.StartedAt));
            Row("stopped", Time(experiment.StoppedAt));
            Row("guardrail", experiment.Guardrail is { } g
                ? string.Create(CultureInfo.InvariantCulture, $"max fallback rate {g.MaxFallbackRate?.ToString(CultureInfo.InvariantCulture) ?? "-"}, max p99 {g.MaxP99Ms?.ToString(CultureInfo.InvariantCulture) ?? "-"} ms, over {g.Window} requests (from {g.MinRequests})")
                : "none");
            context.Out.Write(grid);
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var (store, json) = (Store(), Json());
        var command = new Command("list", "List every surface's experiment, running or last stopped") { store.Table, store.Local, store.Models, json };
        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            using var target = Open(context, parse, store);
            var experiments = await target.Experiments.ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                context.Stdout.Write("[" + string.Join(",", experiments.Select(ExperimentJson.Write)) + "]\n");
            }
            else if (experiments.Count == 0)
            {
                context.Out.WriteLine($"no experiments in {target.Experiments.Source}");
            }
            else
            {
                var table = new Table().AddColumns("surface", "id", "mode", "status", "variants", "started", "stopped");
                foreach (var e in experiments)
                {
                    table.AddRow(Markup.Escape(e.Surface), Markup.Escape(e.Id), e.Mode, e.IsRunning ? "[green]running[/]" : "stopped", Markup.Escape(e.DescribeVariants()), Time(e.StartedAt), Time(e.StoppedAt));
                }

                context.Out.Write(table);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Parses <c>NAME=MODEL[@SHARE]</c> values; the validator judges names, models and shares afterwards.</summary>
    private static bool TryParseVariants(string[] values, out IReadOnlyList<ExperimentVariant> variants, out string problem)
    {
        var parsed = new List<ExperimentVariant>();
        variants = parsed;
        problem = "";
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                problem = $"--variant '{value}' is not NAME=MODEL[@SHARE] (MODEL: live or name:version)";
                return false;
            }

            var model = value[(equals + 1)..];
            double? share = null;
            var at = model.LastIndexOf('@');
            if (at >= 0)
            {
                if (!double.TryParse(model[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    problem = $"--variant '{value}': share '{model[(at + 1)..]}' is not a number";
                    return false;
                }

                share = number;
                model = model[..at];
            }

            parsed.Add(new ExperimentVariant { Name = value[..equals], Model = model, Share = share });
        }

        return true;
    }

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    private static ExperimentTarget Open(CliContext context, ParseResult parse, StoreOptions store)
    {
        if (parse.GetValue(store.Local) is { } local)
        {
            return new ExperimentTarget(new FolderExperimentStore(local), null, parse.GetValue(store.Models)!, null);
        }

        var client = context.Aws.DynamoDb();
        var table = parse.GetValue(store.Table)!;
        return new ExperimentTarget(
            new DynamoExperimentStore(client, table, context.Time, context.Randomizer),
            new DynamoModelRegistry(client, table, context.Time, context.Randomizer),
            null,
            client);
    }
}
