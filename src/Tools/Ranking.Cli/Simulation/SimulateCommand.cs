using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Spectre.Console;

namespace Ranking.Cli.Simulation;

/// <summary><c>ranking simulate</c>: the closed loop over simulated days (<see cref="ClosedLoopSimulator"/>).</summary>
internal static class SimulateCommand
{
    public const string ResultFile = "simulation.json";

    public static Command Create(CliContext context)
    {
        var defaults = new SimulationOptions { Out = "" };
        var days = new Option<int>("--days") { Description = "Simulated days: each is served, logged, then retrained on", DefaultValueFactory = _ => defaults.Days };
        var users = new Option<int>("--users") { Description = "Synthetic users in the generated marketplace", DefaultValueFactory = _ => defaults.Users };
        var requests = new Option<int>("--requests-per-day") { Description = "Rankings per day, half feed and half search", DefaultValueFactory = _ => defaults.RequestsPerDay };
        var seed = new Option<int>("--seed") { Description = "Seed of the marketplace, the traffic and training", DefaultValueFactory = _ => defaults.Seed };
        var pageSize = new Option<int>("--page-size") { Description = "Items per response: what users scroll and what is logged", DefaultValueFactory = _ => defaults.PageSize };
        var trees = new Option<int>("--trees") { Description = "Most boosting rounds of each day's models", DefaultValueFactory = _ => defaults.Trees };
        var debias = new Option<bool>("--position-debias") { Description = "Promote the position-debiased candidate each day instead of the plain one (both are always judged)" };
        var experiment = new Option<string?>("--experiment") { Description = "After the days, run an experiment between the control version and the final live one: ab, interleave or both" };
        experiment.AcceptOnlyFromAmong(SimulationOptions.ExperimentChoices);
        var experimentSurface = new Option<string>("--experiment-surface") { Description = "Surface the experiments run on", DefaultValueFactory = _ => defaults.ExperimentSurface };
        experimentSurface.AcceptOnlyFromAmong(SimulationOptions.Surfaces);
        var experimentControl = new Option<int>("--experiment-control") { Description = "Version of the control model (1: the popularity model); the treatment is the final live version", DefaultValueFactory = _ => defaults.ExperimentControl };
        var experimentImpressions = new Option<int>("--experiment-impressions") { Description = "Impressions each experiment runs for", DefaultValueFactory = _ => defaults.ExperimentImpressions };
        var experimentStep = new Option<int>("--experiment-step") { Description = "Read the experiment's verdict every this many impressions", DefaultValueFactory = _ => defaults.ExperimentStep };
        var experimentRepeats = new Option<int>("--experiment-repeats") { Description = "Runs of each experiment, each with a new salt and new traffic", DefaultValueFactory = _ => defaults.ExperimentRepeats };
        var url = new Option<string?>("--url") { Description = "Drive a serve already running over a --prepare'd --out (its --data, --models, --log-dir and --experiments) instead of one in process" };
        var prepare = new Option<bool>("--prepare") { Description = "Only write the marketplace and the popularity models into --out, for a serve to run over (then --url)" };
        var wait = new Option<int>("--wait-seconds") { Description = "--url: how long to wait for serve's logs, model swaps and experiments", DefaultValueFactory = _ => defaults.WaitSeconds };
        var output = new Option<string>("--out") { Description = "Folder for the marketplace, models, logs, datasets and simulation.json (new or empty, unless --force; with --url, the prepared folder)", Required = true };
        var force = new Option<bool>("--force") { Description = "Empty --out first when it holds files" };
        var json = new Option<bool>("--json") { Description = "Print simulation.json instead of progress and tables" };
        var command = new Command("simulate", "Run the learning loop over simulated days with synthetic users whose true tastes are known");
        foreach (var option in new Option[] { days, users, requests, seed, pageSize, trees, debias, experiment, experimentSurface, experimentControl, experimentImpressions, experimentStep, experimentRepeats, url, prepare, wait, output, force, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandErrors.Guard(context, async (parse, cancellationToken) =>
        {
            var options = new SimulationOptions
            {
                Out = Path.GetFullPath(parse.GetValue(output)!),
                Url = parse.GetValue(url),
                WaitSeconds = parse.GetValue(wait),
                Days = parse.GetValue(days),
                Users = parse.GetValue(users),
                RequestsPerDay = parse.GetValue(requests),
                Seed = parse.GetValue(seed),
                PageSize = parse.GetValue(pageSize),
                Trees = parse.GetValue(trees),
                PositionDebias = parse.GetValue(debias),
                Experiment = parse.GetValue(experiment),
                ExperimentSurface = parse.GetValue(experimentSurface)!,
                ExperimentControl = parse.GetValue(experimentControl),
                ExperimentImpressions = parse.GetValue(experimentImpressions),
                ExperimentStep = parse.GetValue(experimentStep),
                ExperimentRepeats = parse.GetValue(experimentRepeats),
            };
            if (options.Problems() is { Count: > 0 } problems)
            {
                return context.Fail(string.Join("; ", problems));
            }

            if (parse.GetValue(prepare) && options.Url is not null)
            {
                return context.Fail("--prepare writes a folder for a serve to run over; --url then drives that serve: give one at a time");
            }

            if (options.Url is null && Directory.Exists(options.Out) && Directory.EnumerateFileSystemEntries(options.Out).Any())
            {
                if (!parse.GetValue(force))
                {
                    return context.Fail($"--out {options.Out} is not empty; give --force to replace what is there, or choose a new folder");
                }

                Directory.Delete(options.Out, recursive: true);
            }

            Directory.CreateDirectory(options.Out);
            if (parse.GetValue(prepare))
            {
                ClosedLoopSimulator.Prepare(options);
                var folder = options.Out;
                context.Stdout.WriteLine($"prepared {folder}: the marketplace (data/) and the popularity models, version 1 (models/). Serve them, then drive that serve:");
                context.Stdout.WriteLine($"  ranking serve --data {folder}/data --models {folder}/models --log-dir {folder}/logs --experiments {folder}/experiments --model-poll-seconds 1");
                context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ranking simulate --url http://127.0.0.1:8080 --out {folder} --seed {options.Seed} --users {options.Users}"));
                return 0;
            }

            var quiet = parse.GetValue(json);
            SimulationResult result;
            await using (var simulator = options.Url is { } address
                ? await ClosedLoopSimulator.ConnectAsync(options, new Uri(address), cancellationToken)
                : await ClosedLoopSimulator.StartAsync(options, cancellationToken))
            {
                result = await simulator.RunAsync(day => { if (!quiet) { SimulationOutput.PrintDay(context, day); } }, cancellationToken);
            }

            var path = Path.Combine(options.Out, ResultFile);
            using (var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
            {
                JsonOutput.Write(file, writer => SimulationOutput.WriteJson(writer, result), indented: true);
            }

            if (quiet)
            {
                JsonOutput.Write(context.Stdout, writer => SimulationOutput.WriteJson(writer, result));
            }
            else
            {
                SimulationOutput.PrintSummary(context, result);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path}"));
            }

            return 0;
        }));
        return command;
    }
}
