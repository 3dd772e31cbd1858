using System.CommandLine;
using Ranking.Cli.Invocation;
using Ranking.Handlers;
using Ranking.Handlers.Monitoring;

namespace Ranking.Cli.Serve;

/// <summary><c>ranking serve</c>: the Rank API and local feed endpoints on loopback, over the embedded store.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 8080 };
        var data = new Option<string>("--data") { Description = "Marketplace folder (items.jsonl, users.jsonl, feeds.jsonl)", DefaultValueFactory = _ => "samples/marketplace" };
        var models = new Option<string>("--models") { Description = "Models folder laid out <name>/<version>/manifest.json", DefaultValueFactory = _ => "samples/models" };
        var surfaces = new Option<string>("--surfaces") { Description = "Surface -> model map", DefaultValueFactory = _ => "feed=feed-ltr;search=search-ltr" };
        var maxCandidates = new Option<int>("--max-candidates") { Description = "Most candidates per request", DefaultValueFactory = _ => 1000 };
        var deadline = new Option<int>("--deadline-ms") { Description = "Budget for store reads and scoring per request", DefaultValueFactory = _ => 250 };
        var poll = new Option<int>("--model-poll-seconds") { Description = "How often to look for a newer model version in --models", DefaultValueFactory = _ => 5 };
        var shadow = new Option<string?>("--shadow") { Description = "Challengers scored in the shadow: surface=model:version@fraction;..." };
        var logDir = new Option<string>("--log-dir") { Description = "Folder for impression logs (impressions/dt=YYYY-MM-DD/hour=HH/*.jsonl)", DefaultValueFactory = _ => "logs" };
        var logSample = new Option<string?>("--log-sample") { Description = "Share of responses logged per surface: surface=fraction;... (default: all)" };
        var logTop = new Option<int?>("--log-top") { Description = "Log only the best N returned positions (default: all)" };
        var experiments = new Option<string>("--experiments") { Description = "Folder of experiments, <surface>.json each (ranking experiments start --local), re-read with the models", DefaultValueFactory = _ => "experiments" };
        var rules = new Option<string?>("--rules") { Description = "JSON file of business rules per surface: diversity caps, boosts, filters (see README)" };
        var driftWindow = new Option<int>("--drift-window") { Description = "Rankings per drift window (PSI per feature and of the scores, on the dashboard)", DefaultValueFactory = _ => DriftMonitor.DefaultWindow };
        var command = new Command("serve", "Serve the Rank API on 127.0.0.1 from the embedded store and local models");
        foreach (var option in new Option[] { port, data, models, surfaces, maxCandidates, deadline, poll, shadow, logDir, logSample, logTop, experiments, rules, driftWindow })
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandErrors.Guard(context, async (parseResult, cancellationToken) =>
        {
            var options = new ServeOptions
            {
                Port = parseResult.GetValue(port),
                DataDirectory = parseResult.GetValue(data)!,
                ModelsDirectory = parseResult.GetValue(models)!,
                Surfaces = parseResult.GetValue(surfaces)!,
                ModelPollInterval = TimeSpan.FromSeconds(parseResult.GetValue(poll)),
                Shadow = parseResult.GetValue(shadow),
                LogDirectory = parseResult.GetValue(logDir)!,
                LogSample = parseResult.GetValue(logSample),
                LogTop = parseResult.GetValue(logTop) ?? int.MaxValue,
                ExperimentsDirectory = parseResult.GetValue(experiments)!,
                RulesFile = parseResult.GetValue(rules),
                Ranking = new RankingOptions
                {
                    MaxCandidates = parseResult.GetValue(maxCandidates),
                    Deadline = TimeSpan.FromMilliseconds(parseResult.GetValue(deadline)),
                    DriftWindow = parseResult.GetValue(driftWindow),
                },
            };
            var outOfRange = new (bool Bad, string Problem)[]
            {
                (options.Port is < 0 or > 65535, $"--port must be 0-65535, not {options.Port}"),
                (options.Ranking.MaxCandidates < 1, $"--max-candidates must be positive, not {options.Ranking.MaxCandidates}"),
                (options.Ranking.Deadline <= TimeSpan.Zero, $"--deadline-ms must be positive, not {parseResult.GetValue(deadline)}"),
                (options.ModelPollInterval <= TimeSpan.Zero, $"--model-poll-seconds must be positive, not {parseResult.GetValue(poll)}"),
                (options.LogTop < 1, $"--log-top must be positive, not {options.LogTop}"),
                (options.Ranking.DriftWindow < 1, $"--drift-window must be positive, not {options.Ranking.DriftWindow}"),
            }.Where(c => c.Bad).Select(c => c.Problem).ToList();
            if (outOfRange.Count > 0)
            {
                return context.Fail(string.Join("; ", outOfRange));
            }

            var output = context.Stdout;
            await using var server = await LocalServer.StartAsync(options, context.Time, context.Randomizer, new ServerLog(output, context.Error), cancellationToken);
            output.WriteLine($"ranking serve: {server.Store.ItemCount} items, {server.Store.UserCount} users from {options.DataDirectory}");
            foreach (var surface in server.Catalog.Surfaces)
            {
                output.WriteLine(surface.Model is { } model
                    ? $"  surface {surface.Surface}: {model.Name} version {model.Version}"
                    : $"  surface {surface.Surface}: {surface.ModelName} UNAVAILABLE ({surface.Unavailable}); ranking falls back to input order");
                output.WriteLine($"  surface {surface.Surface} rules: {RulesSummary.Describe(surface.Rules.Settings)}");
                if (surface.Experiment is { } experiment)
                {
                    output.WriteLine($"  surface {surface.Surface}: experiment {experiment.Definition.Id} ({experiment.Definition.Mode})");
                }
            }

            output.WriteLine($"impression logs: {server.LogDirectory}");
            output.WriteLine($"experiments: {Path.GetFullPath(options.ExperimentsDirectory)}");
            output.WriteLine($"API contract: {new Uri(server.Address, "/docs")} (OpenAPI: {new Uri(server.Address, "/openapi.json")})");
            output.WriteLine($"dashboard: {server.Address} (Prometheus metrics: {new Uri(server.Address, "/metrics")})");
            output.WriteLine($"listening on {server.Address} (Ctrl+C to stop)");
            await server.WaitForShutdownAsync(cancellationToken);
            return 0;
        }));
        return command;
    }
}
