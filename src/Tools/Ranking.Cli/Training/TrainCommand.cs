using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Core.Evaluation;
using Ranking.Training.Packaging;
using Ranking.Training.Training;
using Spectre.Console;

namespace Ranking.Cli.Training;

/// <summary><c>ranking train</c>: trains a LambdaMART model and writes a model package (ONNX, trainer model, holdout, manifest).</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var options = new TrainingOptions(context);
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of progress and tables" };
        var command = new Command("train", "Train a LambdaMART ranking model with LightGBM and write a model package");
        options.AddTo(command);
        command.Options.Add(json);
        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var parameters = options.Parameters(parseResult);
            var inputs = options.Inputs(parseResult);
            return Run(context, inputs, parameters, options.Package(parseResult, inputs), parseResult.GetValue(json));
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

        var trainingSeconds = context.Time.GetElapsedTime(started).TotalSeconds;
        var packaged = WritePackage(context, inputs, model, package, trainingSeconds);
        if (json)
        {
            JsonOutput.Write(context.Stdout, writer => WriteSummary(writer, packaged));
        }
        else
        {
            PrintResult(context, packaged);
        }

        return 0;
    }

    /// <summary>Writes the package of a trained model, as <c>train</c> does, and times it.</summary>
    internal static PackagedModel WritePackage(CliContext context, TrainingInputs inputs, LambdaMartModel model, PackageTarget package, double trainingSeconds)
    {
        var started = context.Time.GetTimestamp();
        var result = ModelPackageWriter.Write(
            ModelPackageRequest.For(
                package.Name,
                package.Version,
                inputs.Features,
                model,
                inputs.Format,
                inputs.Surface,
                (inputs.Train, inputs.Valid, inputs.Holdout),
                inputs.Baseline,
                context.Time.GetUtcNow()),
            package.Directory);
        return new PackagedModel(inputs, package, model, result, trainingSeconds, context.Time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>What <c>train</c> prints after training: where it stopped, ONNX parity, holdout metrics and the folder.</summary>
    internal static void PrintResult(CliContext context, PackagedModel packaged)
    {
        var (inputs, package, model, result) = (packaged.Inputs, packaged.Package, packaged.Model, packaged.Result);
        var console = context.Out;
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"best iteration {model.BestIteration} of {model.IterationsRun}; ONNX vs LightGBM max |diff| {result.MaxScoreDifference:G3} on {inputs.Holdout.RowCount} holdout rows"));
        console.Write(MetricsTable.Create($"holdout ({result.Metrics.Queries} queries, ONNX model)", result.Metrics, inputs.Baseline));
        console.WriteLine($"wrote {package.Directory}");
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
    internal static void WriteSummary(Utf8JsonWriter writer, PackagedModel packaged)
    {
        var (inputs, package, model, result) = (packaged.Inputs, packaged.Package, packaged.Model, packaged.Result);
        var options = model.Options;
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
        writer.WriteString("objective", options.Objective);
        writer.WriteNumber("trees", options.Trees);
        writer.WriteNumber("leaves", options.Leaves);
        writer.WriteNumber("learningRate", options.LearningRate);
        writer.WriteNumber("minDataInLeaf", options.MinDataInLeaf);
        writer.WriteNumber("earlyStopping", options.EarlyStoppingRounds);
        writer.WriteNumber("minIterations", options.MinIterations);
        writer.WriteNumber("truncationLevel", options.TruncationLevel);
        if (options.LabelGain is { } gains)
        {
            writer.WriteNumbers("labelGain", gains);
        }

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
        HoldoutJson.Write(writer, inputs.Holdout.RowCount, result.Metrics);
        writer.WriteStartObject("seconds");
        writer.WriteNumber("training", Math.Round(packaged.TrainingSeconds, 3));
        writer.WriteNumber("packaging", Math.Round(packaged.PackagingSeconds, 3));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

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
