using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Core.Evaluation;
using Ranking.Core.Models;
using Ranking.Training.Packaging;
using Ranking.Training.Training;
using Spectre.Console;

namespace Ranking.Cli.Training;

/// <summary><c>ranking train</c>: trains a LambdaMART model and writes a model package (ONNX, trainer model, holdout, manifest).</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var train = new Option<string>("--train") { Description = "svmlight: training file (groups from qid or FILE.query)" };
        var valid = new Option<string>("--valid") { Description = "svmlight: validation file, used for early stopping and as the holdout" };
        var data = new Option<string>("--data") { Description = "marketplace: sample folder (items, users, impressions)" };
        var surface = new Option<string>("--surface") { Description = "marketplace: surface to train for (feed or search)" };
        // Each format names the options it reads: the parse-time check below and the loading come from this one table.
        TrainFormat[] formats =
        [
            new(TrainingInputs.SvmLight, [train, valid], parse => TrainingInputs.FromSvmLight(parse.GetRequiredValue(train), parse.GetRequiredValue(valid), context.Error)),
            new(TrainingInputs.Marketplace, [data, surface], parse => TrainingInputs.FromMarketplace(parse.GetRequiredValue(data), parse.GetRequiredValue(surface))),
        ];
        var format = new Option<string>("--format") { Description = "Input format: svmlight or marketplace", DefaultValueFactory = _ => formats[0].Name };
        format.AcceptOnlyFromAmong([.. formats.Select(static f => f.Name)]);
        var output = new Option<string>("--out") { Description = "Folder to write the model package into", Required = true };
        var name = new Option<string>("--name") { Description = "Model name (default: svmlight-ltr, or {surface}-ltr)" };
        var version = new Option<string>("--version") { Description = "Model version", DefaultValueFactory = _ => "1" };
        var defaults = new LambdaMartOptions();
        var trees = new Option<int>("--trees") { Description = "Maximum boosting iterations", DefaultValueFactory = _ => defaults.Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree", DefaultValueFactory = _ => defaults.Leaves };
        var learningRate = new Option<double>("--learning-rate") { Description = "Shrinkage", DefaultValueFactory = _ => defaults.LearningRate };
        var minDataInLeaf = new Option<int>("--min-data-in-leaf") { Description = "Minimum rows per leaf", DefaultValueFactory = _ => defaults.MinDataInLeaf };
        var seed = new Option<int>("--seed") { Description = "Random seed (training is deterministic for a seed)", DefaultValueFactory = _ => defaults.Seed };
        var earlyStopping = new Option<int>("--early-stopping") { Description = "Stop after N iterations without a better validation NDCG@10", DefaultValueFactory = _ => defaults.EarlyStoppingRounds };
        var threads = new Option<int>("--threads") { Description = "LightGBM threads", DefaultValueFactory = _ => defaults.Threads };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of progress and tables" };

        var command = new Command("train", "Train a LambdaMART ranking model with LightGBM and write a model package");
        foreach (var option in new Option[] { format, train, valid, data, surface, output, name, version, trees, leaves, learningRate, minDataInLeaf, seed, earlyStopping, threads, json })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            // The token itself: while the command is validated the default is not applied yet, and GetValue throws on a
            // format that AcceptOnlyFromAmong refuses (and reports).
            var given = result.GetResult(format)?.Tokens is [.., var token] ? token.Value : formats[0].Name;
            if (Array.Find(formats, f => f.Name == given) is not { } chosen)
            {
                return;
            }

            foreach (var option in chosen.Requires.Where(option => result.GetResult(option) is null))
            {
                result.AddError($"{option.Name} is required for --format {chosen.Name}.");
            }
        });
        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var options = new LambdaMartOptions
            {
                Trees = parseResult.GetValue(trees),
                Leaves = parseResult.GetValue(leaves),
                LearningRate = parseResult.GetValue(learningRate),
                MinDataInLeaf = parseResult.GetValue(minDataInLeaf),
                Seed = parseResult.GetValue(seed),
                EarlyStoppingRounds = parseResult.GetValue(earlyStopping),
                Threads = parseResult.GetValue(threads),
            };
            options.Validate();
            var inputs = Array.Find(formats, f => f.Name == parseResult.GetValue(format))!.Load(parseResult);
            var package = new PackageTarget(parseResult.GetValue(output)!, parseResult.GetValue(name) ?? inputs.DefaultName, parseResult.GetValue(version)!);
            return Run(context, inputs, options, package, parseResult.GetValue(json));
        }));
        return command;
    }

    private static int Run(CliContext context, TrainingInputs inputs, LambdaMartOptions options, PackageTarget package, bool json)
    {
        var started = context.Time.GetTimestamp();
        LambdaMartModel model;
        if (json)
        {
            model = LambdaMartTrainer.Train(inputs.Train, inputs.Valid, options);
        }
        else
        {
            context.Out.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"training [bold]{Markup.Escape(package.Name)}[/] v{Markup.Escape(package.Version)}: {inputs.Train.RowCount} rows / {inputs.Train.QueryCount} queries, {inputs.Train.FeatureCount} features; validating on {inputs.Valid.QueryCount} queries"));
            model = TrainWithProgress(context, inputs, options);
        }

        var trained = context.Time.GetTimestamp();
        var result = ModelPackageWriter.Write(
            new ModelPackageRequest
            {
                Name = package.Name,
                Version = package.Version,
                Features = inputs.Features,
                Model = model,
                Holdout = inputs.Holdout,
                BaselineMetrics = inputs.Baseline,
                CreatedAt = context.Time.GetUtcNow(),
                Training = new TrainingSummary
                {
                    Format = inputs.Format,
                    Surface = inputs.Surface,
                    TrainRows = inputs.Train.RowCount,
                    TrainQueries = inputs.Train.QueryCount,
                    ValidRows = inputs.Valid.RowCount,
                    ValidQueries = inputs.Valid.QueryCount,
                    Trees = model.IterationsRun,
                    BestIteration = model.BestIteration,
                    Leaves = options.Leaves,
                    LearningRate = options.LearningRate,
                    Seed = options.Seed,
                    Library = "LightGBM 4.7.0 (lambdarank)",
                },
            },
            package.Directory);
        var timings = new TrainTimings(
            context.Time.GetElapsedTime(started, trained).TotalSeconds,
            context.Time.GetElapsedTime(trained).TotalSeconds);

        if (json)
        {
            JsonOutput.Write(context.Stdout, writer => WriteSummary(writer, inputs, options, package, model, result, timings));
            return 0;
        }

        var console = context.Out;
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"best iteration {model.BestIteration} of {model.IterationsRun}; ONNX vs LightGBM max |diff| {result.MaxScoreDifference:G3} on {inputs.Holdout.RowCount} holdout rows"));
        console.Write(MetricsTable.Create($"holdout ({result.Metrics.Queries} queries, ONNX model)", result.Metrics, inputs.Baseline));
        console.WriteLine($"wrote {package.Directory}");
        return 0;
    }

    private static LambdaMartModel TrainWithProgress(CliContext context, TrainingInputs inputs, LambdaMartOptions options)
    {
        LambdaMartModel? model = null;
        context.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("iteration 0", maxValue: options.Trees);
                model = LambdaMartTrainer.Train(inputs.Train, inputs.Valid, options, new ProgressTaskReporter(task));
                task.Value = task.MaxValue;
            });
        return model!;
    }

    /// <summary>The summary <c>--json</c> prints: what was trained on, where it stopped, how it scores, how long it took.</summary>
    private static void WriteSummary(
        Utf8JsonWriter writer, TrainingInputs inputs, LambdaMartOptions options, PackageTarget package, LambdaMartModel model, ModelPackageResult result, TrainTimings timings)
    {
        writer.WriteStartObject();
        writer.WriteString("name", package.Name);
        writer.WriteString("version", package.Version);
        writer.WriteString("out", package.Directory);
        writer.WriteString("format", inputs.Format);
        writer.WriteNumber("features", inputs.Train.FeatureCount);
        writer.WriteStartObject("train");
        writer.WriteNumber("rows", inputs.Train.RowCount);
        writer.WriteNumber("queries", inputs.Train.QueryCount);
        writer.WriteEndObject();
        writer.WriteStartObject("valid");
        writer.WriteNumber("rows", inputs.Valid.RowCount);
        writer.WriteNumber("queries", inputs.Valid.QueryCount);
        writer.WriteEndObject();
        writer.WriteStartObject("parameters");
        writer.WriteNumber("trees", options.Trees);
        writer.WriteNumber("leaves", options.Leaves);
        writer.WriteNumber("learningRate", options.LearningRate);
        writer.WriteNumber("minDataInLeaf", options.MinDataInLeaf);
        writer.WriteNumber("earlyStopping", options.EarlyStoppingRounds);
        writer.WriteNumber("seed", options.Seed);
        writer.WriteNumber("threads", options.Threads);
        writer.WriteEndObject();
        writer.WriteNumber("iterationsRun", model.IterationsRun);
        writer.WriteNumber("bestIteration", model.BestIteration);
        // LightGBM's validation NDCG at the best iteration, at 1, 3, 5 and 10 as the trainer asks for them.
        writer.WriteStartObject("bestValid");
        string[] cutoffs = ["ndcg@1", "ndcg@3", "ndcg@5", "ndcg@10"];
        for (var i = 0; i < cutoffs.Length && i < model.BestValidNdcg.Count; i++)
        {
            writer.WriteNumber(cutoffs[i], model.BestValidNdcg[i]);
        }

        writer.WriteEndObject();
        writer.WriteNumber("onnxMaxDiff", result.MaxScoreDifference);
        writer.WriteStartObject("holdout");
        writer.WriteNumber("rows", inputs.Holdout.RowCount);
        writer.WriteNumber("queries", result.Metrics.Queries);
        foreach (var key in RankingMetrics.Keys)
        {
            writer.WriteNumber(key, result.Metrics[key]);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("seconds");
        writer.WriteNumber("training", Math.Round(timings.TrainingSeconds, 3));
        writer.WriteNumber("packaging", Math.Round(timings.PackagingSeconds, 3));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Where the package goes and what it is called.</summary>
    private sealed record PackageTarget(string Directory, string Name, string Version);

    private readonly record struct TrainTimings(double TrainingSeconds, double PackagingSeconds);

    /// <summary>An input format and the options it reads, all of which it needs.</summary>
    private sealed record TrainFormat(string Name, IReadOnlyList<Option<string>> Requires, Func<ParseResult, TrainingInputs> Load);

    /// <summary>Updates the bar on the training thread: <see cref="Progress{T}"/> would post to the thread pool and lag behind.</summary>
    private sealed class ProgressTaskReporter(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.Value = value.Iteration;
            task.Description = string.Create(
                CultureInfo.InvariantCulture,
                $"iteration {value.Iteration}/{value.MaxIterations}  valid ndcg@10 {value.ValidNdcg10:F4}  best {value.BestValidNdcg10:F4} @ {value.BestIteration}");
        }
    }
}
