using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Training.Training;
using Spectre.Console;

namespace Ranking.Cli.Training;

/// <summary>
/// <c>ranking tune</c>: tries the settings of a search space, scores each on validation NDCG@10 only (the given
/// validation set, or k folds of the training queries), then trains the best as <c>train</c> would and writes its package.
/// </summary>
internal static class TuneCommand
{
    private const string GridSearch = "grid";
    private const string RandomSearch = "random";

    public static Command Create(CliContext context)
    {
        var options = new TrainingOptions(context);
        var space = new Option<string>("--space")
        {
            Description = "JSON file: parameter keys to lists of values, e.g. {\"learningRate\":[0.02,0.05],\"leaves\":[7,15]}; keys: " + string.Join(", ", SearchSpace.Keys),
            Required = true,
        };
        var search = new Option<string>("--search") { Description = "grid (points in order) or random (distinct points drawn with --seed)", DefaultValueFactory = _ => GridSearch };
        search.AcceptOnlyFromAmong(GridSearch, RandomSearch);
        var budget = new Option<int?>("--budget") { Description = "Trials to run (default: the whole grid)" };
        var folds = new Option<int?>("--folds") { Description = "Score each trial by K-fold cross-validation over the training queries instead of on the validation set" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (trials, best, package) instead of tables; progress stays on stderr" };
        var command = new Command("tune", "Search LambdaMART hyper-parameters on validation NDCG@10, then train the best and write its package");
        options.AddTo(command);
        foreach (var option in new Option[] { space, search, budget, folds, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var baseline = options.Parameters(parseResult);
            var spacePath = parseResult.GetRequiredValue(space);
            var declared = SearchSpace.Parse(File.ReadAllText(spacePath), Path.GetFileName(spacePath), baseline);
            var trialBudget = parseResult.GetValue(budget);
            if (trialBudget is <= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--budget must be a positive number of trials, not {trialBudget}."));
            }

            var trials = parseResult.GetValue(search) == RandomSearch ? declared.RandomTrials(trialBudget, baseline.Seed) : declared.GridTrials(trialBudget);
            var inputs = options.Inputs(parseResult);
            var foldCount = parseResult.GetValue(folds);
            IReadOnlyList<TrainValidSplit> splits = foldCount is { } k
                ? QueryFolds.Split(inputs.Train, k, baseline.Seed)
                : [new TrainValidSplit(inputs.Train, inputs.Valid)];
            var run = new TuneRun(parseResult.GetRequiredValue(search), foldCount, baseline.Seed, trials);
            return Tune(context, inputs, baseline, splits, run, options.Package(parseResult, inputs), parseResult.GetValue(json));
        }));
        return command;
    }

    private static int Tune(
        CliContext context, TrainingInputs inputs, LambdaMartOptions baseline, IReadOnlyList<TrainValidSplit> splits, TuneRun run, PackageTarget package, bool json)
    {
        var validation = run.Folds is { } k
            ? string.Create(CultureInfo.InvariantCulture, $"{k} folds of {inputs.Train.QueryCount} training queries")
            : string.Create(CultureInfo.InvariantCulture, $"{inputs.Valid.QueryCount} validation queries");
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tune: {run.Trials.Count} {run.Search} trials, scored on {validation}"));
        var results = HyperparameterSearch.Run(run.Trials, baseline, splits, context.Time, new EtaReporter(context.Error));
        var best = HyperparameterSearch.Best(results);

        context.Error.WriteLine($"tune: training trial {best.Trial} ({best.Setting}) on {inputs.Train.QueryCount} training queries");
        var retrainStarted = context.Time.GetTimestamp();
        var model = LambdaMartTrainer.Train(inputs.Train, inputs.Valid, best.Options);
        var packaged = TrainCommand.WritePackage(context, inputs, model, package, context.Time.GetElapsedTime(retrainStarted).TotalSeconds);
        if (json)
        {
            JsonOutput.Write(context.Stdout, writer => WriteJson(writer, run, results, best, packaged));
        }
        else
        {
            context.Out.Write(TrialTable(run, results, best));
            TrainCommand.PrintResult(context, packaged);
        }

        return 0;
    }

    private static Table TrialTable(TuneRun run, IReadOnlyList<TrialResult> results, TrialResult best)
    {
        var table = new Table { Title = new TableTitle(run.Folds is { } k ? $"validation NDCG@10, mean ± sd over {k} folds" : "validation NDCG@10") };
        table.AddColumn(new TableColumn("trial").RightAligned());
        foreach (var value in results[0].Setting.Values)
        {
            table.AddColumn(new TableColumn(Markup.Escape(value.Key)).RightAligned());
        }

        table.AddColumn(new TableColumn("NDCG@10").RightAligned());
        table.AddColumn(new TableColumn("best iteration").RightAligned());
        table.AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var result in results)
        {
            var cells = new List<string> { (result == best ? "* " : "") + result.Trial.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(result.Setting.Values.Select(static v => Markup.Escape(v.Text)));
            cells.Add(MetricsTable.Format(result.MeanNdcg10) + (run.Folds is null ? "" : " ± " + MetricsTable.Format(result.StdDevNdcg10)));
            cells.Add(string.Join('/', result.BestIterations));
            cells.Add(result.Seconds.ToString("F1", CultureInfo.InvariantCulture));
            table.AddRow([.. cells]);
        }

        return table;
    }

    private static void WriteJson(Utf8JsonWriter writer, TuneRun run, IReadOnlyList<TrialResult> results, TrialResult best, PackagedModel packaged)
    {
        writer.WriteStartObject();
        writer.WriteString("search", run.Search);
        writer.WriteNumber("seed", run.Seed);
        if (run.Folds is { } k)
        {
            writer.WriteNumber("folds", k);
        }

        writer.WriteStartArray("trials");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WriteNumber("trial", result.Trial);
            writer.WriteStartObject("setting");
            foreach (var value in result.Setting.Values)
            {
                writer.WritePropertyName(value.Key);
                writer.WriteRawValue(value.Json);
            }

            writer.WriteEndObject();
            writer.WriteNumber("ndcg@10", result.MeanNdcg10);
            writer.WriteNumber("ndcg@10Sd", result.StdDevNdcg10);
            writer.WriteNumbers("foldNdcg@10", result.ValidNdcg10);
            writer.WriteNumbers("bestIterations", result.BestIterations.Select(static i => (double)i));
            writer.WriteNumber("seconds", Math.Round(result.Seconds, 3));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("best", best.Trial);
        writer.WritePropertyName("package");
        TrainCommand.WriteSummary(writer, packaged);
        writer.WriteEndObject();
    }

    /// <summary>What the search was asked to do.</summary>
    private sealed record TuneRun(string Search, int? Folds, int Seed, IReadOnlyList<TrialSetting> Trials);

    /// <summary>A line on stderr per finished trial, so that <c>--json</c> keeps stdout to itself.</summary>
    private sealed class EtaReporter(TextWriter stderr) : IProgress<TuningProgress>
    {
        public void Report(TuningProgress value)
        {
            var result = value.Result;
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"trial {value.Completed}/{value.Total} {result.Setting}: valid ndcg@10 {result.MeanNdcg10:F4}, best iteration {string.Join('/', result.BestIterations)}; elapsed {value.Elapsed:hh\\:mm\\:ss}, ETA {value.Remaining:hh\\:mm\\:ss}"));
        }
    }
}
