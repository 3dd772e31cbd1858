using System.CommandLine;
using Ranking.Cli.Invocation;
using System.Globalization;
using Ranking.Core.Evaluation;
using Ranking.Core.Features;
using Ranking.Core.Models;
using Ranking.Training.Data;
using Ranking.Training.LightGbm;
using Ranking.Training.Marketplace;
using Ranking.Training.Packaging;
using Ranking.Training.Training;
using Spectre.Console;

namespace Ranking.Cli.Training;

/// <summary><c>ranking train</c>: trains a LambdaMART model and writes a model package (ONNX, trainer model, holdout, manifest).</summary>
internal static class TrainCommand
{
    private const string SvmLight = "svmlight";
    private const string Marketplace = "marketplace";

    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Input format: svmlight or marketplace", DefaultValueFactory = _ => SvmLight };
        format.AcceptOnlyFromAmong(SvmLight, Marketplace);
        var train = new Option<string>("--train") { Description = "svmlight: training file (groups from qid or FILE.query)" };
        var valid = new Option<string>("--valid") { Description = "svmlight: validation file, used for early stopping and as the holdout" };
        var data = new Option<string>("--data") { Description = "marketplace: sample folder (items, users, impressions)" };
        var surface = new Option<string>("--surface") { Description = "marketplace: surface to train for (feed or search)" };
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

        var command = new Command("train", "Train a LambdaMART ranking model with LightGBM and write a model package");
        foreach (var option in new Option[] { format, train, valid, data, surface, output, name, version, trees, leaves, learningRate, minDataInLeaf, seed, earlyStopping })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var options = new LambdaMartOptions
            {
                Trees = parseResult.GetValue(trees),
                Leaves = parseResult.GetValue(leaves),
                LearningRate = parseResult.GetValue(learningRate),
                MinDataInLeaf = parseResult.GetValue(minDataInLeaf),
                Seed = parseResult.GetValue(seed),
                EarlyStoppingRounds = parseResult.GetValue(earlyStopping),
            };
            try
            {
                options.Validate();
                var inputs = parseResult.GetValue(format) == Marketplace
                    ? LoadMarketplace(Required(parseResult, data), Required(parseResult, surface))
                    : LoadSvmLight(Required(parseResult, train), Required(parseResult, valid));
                return Run(inputs, options, parseResult.GetValue(output)!, parseResult.GetValue(name) ?? inputs.DefaultName, parseResult.GetValue(version)!);
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or IOException or UnauthorizedAccessException
                                          or ArgumentException or NotSupportedException or LightGbmException)
            {
                return CliErrors.Fail(e.Message);
            }
        });
        return command;
    }

    private static string Required(ParseResult parseResult, Option<string> option) =>
        parseResult.GetValue(option) ?? throw new ArgumentException($"{option.Name} is required for --format {parseResult.GetValue<string>("--format")}.");

    private static TrainingInputs LoadSvmLight(string trainPath, string validPath)
    {
        var train = SvmLightReader.Read(trainPath).Dataset;
        var valid = SvmLightReader.Read(validPath, train.FeatureCount);
        if (valid.IgnoredValues > 0)
        {
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"note: {valid.IgnoredValues} values in {Path.GetFileName(validPath)} have feature ids above {train.FeatureCount} (the training set's) and were ignored"));
        }

        return new TrainingInputs(SvmLight, null, "svmlight-ltr", SvmLightFeatures.Specs(train.FeatureNames), train, valid.Dataset, valid.Dataset, null);
    }

    private static TrainingInputs LoadMarketplace(string dataDir, string surface)
    {
        var split = MarketplaceDatasets.Load(dataDir, surface);
        return new TrainingInputs(Marketplace, surface, $"{surface}-ltr", split.Features, split.Train, split.Valid, split.Test, split.PopularityBaseline);
    }

    private static int Run(TrainingInputs inputs, LambdaMartOptions options, string outputDirectory, string name, string version)
    {
        var console = AnsiConsole.Console;
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"training [bold]{Markup.Escape(name)}[/] v{Markup.Escape(version)}: {inputs.Train.RowCount} rows / {inputs.Train.QueryCount} queries, {inputs.Train.FeatureCount} features; validating on {inputs.Valid.QueryCount} queries"));

        LambdaMartModel? model = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("iteration 0", maxValue: options.Trees);
                model = LambdaMartTrainer.Train(inputs.Train, inputs.Valid, options, new ProgressTaskReporter(task));
                task.Value = task.MaxValue;
            });

        var result = ModelPackageWriter.Write(
            new ModelPackageRequest
            {
                Name = name,
                Version = version,
                Features = inputs.Features,
                Model = model!,
                Holdout = inputs.Holdout,
                BaselineMetrics = inputs.Baseline,
                CreatedAt = TimeProvider.System.GetUtcNow(),
                Training = new TrainingSummary
                {
                    Format = inputs.Format,
                    Surface = inputs.Surface,
                    TrainRows = inputs.Train.RowCount,
                    TrainQueries = inputs.Train.QueryCount,
                    ValidRows = inputs.Valid.RowCount,
                    ValidQueries = inputs.Valid.QueryCount,
                    Trees = model!.IterationsRun,
                    BestIteration = model.BestIteration,
                    Leaves = options.Leaves,
                    LearningRate = options.LearningRate,
                    Seed = options.Seed,
                    Library = "LightGBM 4.7.0 (lambdarank)",
                },
            },
            outputDirectory);

        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"best iteration {model.BestIteration} of {model.IterationsRun}; ONNX vs LightGBM max |diff| {result.MaxScoreDifference:G3} on {inputs.Holdout.RowCount} holdout rows"));
        console.Write(EvaluateCommand.MetricsTable($"holdout ({result.Metrics.Queries} queries, ONNX model)", result.Metrics, inputs.Baseline));
        console.WriteLine($"wrote {outputDirectory}");
        return 0;
    }

    private sealed record TrainingInputs(
        string Format,
        string? Surface,
        string DefaultName,
        IReadOnlyList<FeatureSpec> Features,
        RankingDataset Train,
        RankingDataset Valid,
        RankingDataset Holdout,
        Dictionary<string, double>? Baseline);

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
