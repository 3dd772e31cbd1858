using System.CommandLine;
using System.Globalization;
using System.Text;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Core.Evaluation;
using Ranking.Stores.Models;
using Ranking.Training.Data;
using Ranking.Training.Features;
using Ranking.Training.Marketplace;
using Spectre.Console;

namespace Ranking.Cli.Training;

/// <summary><c>ranking evaluate</c>: scores labelled data with a package's model (as serving would) and prints offline metrics; the data's features must be the model's.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model package folder (manifest.json, model.onnx)", Required = true };
        var format = new Option<string>("--format") { Description = "Data format: svmlight, marketplace or logged", DefaultValueFactory = _ => TrainingInputs.SvmLight };
        format.AcceptOnlyFromAmong(TrainingInputs.SvmLight, TrainingInputs.Marketplace, TrainingInputs.Logged);
        var data = new Option<string>("--data")
        {
            Description = "svmlight: labelled file (groups from qid or FILE.query); marketplace: sample folder, whose newest 15% of sessions are scored; logged: a labelled dataset from 'dataset build' (.parquet file or folder), every impression scored",
            Required = true,
        };
        var surface = new Option<string>("--surface") { Description = "marketplace: surface whose sessions to score (feed or search); logged: the surface to read (default: the data's only one)" };
        var features = new Option<string>("--features")
        {
            Description = "Feature file: svmlight: names the columns f1..fN (default: f1..fN); marketplace: the features to fill (default: samples/features/{surface}.json); logged: the columns to score (default: the model's features). They must be the model's, in order",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var scoresFile = new Option<string>("--scores") { Description = "Also write each row's score to this file (CSV: query id, row in query, label, score)" };
        var truth = new Option<string>("--truth")
        {
            Description = "logged: the sample's truth (truth/ folder or truth.jsonl): also measure against what users truly wanted, next to a popularity baseline (likes) and the oracle",
        };

        var command = new Command("evaluate", "Evaluate a model package on labelled data: NDCG@1/3/5/10, MAP, MRR");
        command.Options.Add(model);
        command.Options.Add(format);
        command.Options.Add(data);
        command.Options.Add(surface);
        command.Options.Add(features);
        command.Options.Add(json);
        command.Options.Add(scoresFile);
        command.Options.Add(truth);
        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var input = new EvaluateInput(
                parseResult.GetRequiredValue(format), parseResult.GetRequiredValue(data), parseResult.GetValue(surface), parseResult.GetValue(features));
            if (parseResult.GetValue(truth) is { } truthPath)
            {
                if (input.Format != TrainingInputs.Logged)
                {
                    throw new ArgumentException($"--truth goes with --format {TrainingInputs.Logged}: it is matched by impression and position.");
                }

                var comparison = CompareWithTruth(context, parseResult.GetRequiredValue(model), input, truthPath);
                WriteComparison(context, comparison, parseResult.GetValue(json));
                return 0;
            }

            var metrics = Evaluate(context, parseResult.GetRequiredValue(model), input, parseResult.GetValue(scoresFile));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Stdout, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("queries", metrics.Queries);
                    foreach (var key in RankingMetrics.Keys)
                    {
                        writer.WriteNumber(key, metrics[key]);
                    }

                    writer.WriteEndObject();
                });
            }
            else
            {
                context.Out.Write(MetricsTable.Create(string.Create(CultureInfo.InvariantCulture, $"{metrics.Queries} queries"), metrics));
            }

            return 0;
        }));
        return command;
    }

    private static RankingMetrics Evaluate(CliContext context, string modelDirectory, EvaluateInput input, string? scoresPath)
    {
        var (set, scores) = Score(context, modelDirectory, input);
        if (scoresPath is not null)
        {
            WriteScores(scoresPath, set, scores);
        }

        return RankingEvaluator.Evaluate(set.Labels, scores, set.GroupSizes);
    }

    /// <summary>
    /// The model, a popularity baseline (by the logged likes) and the oracle (by the true relevance), each measured
    /// against the truth and against the logged labels (clicks): a model that learned the old ranking's position bias
    /// scores well on clicks and poorly on truth.
    /// </summary>
    private static TruthComparison CompareWithTruth(CliContext context, string modelDirectory, EvaluateInput input, string truthPath)
    {
        var (set, scores) = Score(context, modelDirectory, input);
        var truth = TruthRelevance.Of(set, TruthRelevance.Read(truthPath));
        var likes = set.FeatureNames.ToList().IndexOf("likes");
        var rankers = new List<(string Name, float[] Scores)> { ("model", scores) };
        if (likes >= 0)
        {
            var popularity = new float[set.RowCount];
            for (var row = 0; row < set.RowCount; row++)
            {
                popularity[row] = set.Features[row * set.FeatureCount + likes];
            }

            rankers.Add(("popularity", popularity));
        }

        rankers.Add(("oracle", truth));
        return new TruthComparison(
            set.QueryCount,
            [.. rankers.Select(r => (r.Name, RankingEvaluator.Evaluate(truth, r.Scores, set.GroupSizes), RankingEvaluator.Evaluate(set.Labels, r.Scores, set.GroupSizes)))]);
    }

    private static void WriteComparison(CliContext context, TruthComparison comparison, bool json)
    {
        if (json)
        {
            JsonOutput.Write(context.Stdout, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("queries", comparison.Queries);
                foreach (var (against, pick) in new (string, Func<(string, RankingMetrics Truth, RankingMetrics Clicks), RankingMetrics>)[] { ("truth", r => r.Truth), ("clicks", r => r.Clicks) })
                {
                    writer.WriteStartObject(against);
                    foreach (var ranker in comparison.Rankers)
                    {
                        writer.WriteStartObject(ranker.Name);
                        foreach (var key in RankingMetrics.Keys)
                        {
                            writer.WriteNumber(key, pick(ranker)[key]);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            });
            return;
        }

        var table = new Table { Title = new TableTitle(string.Create(CultureInfo.InvariantCulture, $"{comparison.Queries} impressions")) };
        table.AddColumn("ranked by");
        foreach (var heading in new[] { "NDCG@10 truth", "NDCG@5 truth", "NDCG@10 clicks", "MAP clicks" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var (name, truth, clicks) in comparison.Rankers)
        {
            table.AddRow(name, MetricsTable.Format(truth["ndcg@10"]), MetricsTable.Format(truth["ndcg@5"]), MetricsTable.Format(clicks["ndcg@10"]), MetricsTable.Format(clicks["map"]));
        }

        context.Out.Write(table);
    }

    /// <summary>Loads the package as serve does, reads the data with the model's features and scores every row.</summary>
    private static (RankingDataset Set, float[] Scores) Score(CliContext context, string modelDirectory, EvaluateInput input)
    {
        if (input.Format == TrainingInputs.Marketplace && input.Surface is null)
        {
            throw new ArgumentException($"--surface is required for --format {TrainingInputs.Marketplace}.");
        }

        if (input.Format == TrainingInputs.SvmLight && input.Surface is not null)
        {
            throw new ArgumentException($"--surface goes with --format {TrainingInputs.Marketplace} or {TrainingInputs.Logged}, not {TrainingInputs.SvmLight}.");
        }

        // The same load as serve's: the package's checks (manifest, file names, sha256, the model's shape) in one place.
        using var model = ModelDirectory.Load(modelDirectory);
        var declared = input.Features is null ? null : FeatureFile.Read(input.Features);
        var ignored = 0;
        RankingDataset set;
        if (input.Format == TrainingInputs.Logged)
        {
            // The logged columns are named: by default, read exactly the model's.
            set = LoggedDatasets.Read(input.Data, input.Surface, declared ?? model.Manifest.Features).Dataset;
        }
        else if (input.Surface is { } surface)
        {
            set = MarketplaceDatasets.Load(input.Data, surface, declared).Test;
        }
        else
        {
            var read = SvmLightReader.Read(input.Data, declared?.Count ?? model.Manifest.Features.Count);
            set = declared is null ? read.Dataset : SvmLightFeatures.Named(read.Dataset, declared, Path.GetFileName(input.Data));
            ignored = read.IgnoredValues;
        }

        // Columns are scored by position: data whose columns are other features would still print plausible metrics.
        if (FeatureAlignment.Problem(set.FeatureNames, model.Manifest.Features) is { } problem)
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(input.Data)} does not hold {model.Manifest.Name} v{model.Manifest.Version}'s features: {problem}. Name the data's features with --features FILE.");
        }

        if (ignored > 0)
        {
            context.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"note: {ignored} values have feature ids above the model's {set.FeatureCount} features and were ignored"));
        }

        var scores = new float[set.RowCount];
        model.Scorer.Score(set.Features, set.RowCount, scores);
        return (set, scores);
    }

    /// <summary>
    /// One line per row in the data's order, so metrics can be recomputed elsewhere: the row's query id, its
    /// position in the query (from 0), its label and the score as serving computes it ("R" formatting: reading the
    /// text back gives the same float).
    /// </summary>
    private static void WriteScores(string path, RankingDataset set, float[] scores)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write("query,row,label,score\n");
        var row = 0;
        for (var q = 0; q < set.QueryCount; q++)
        {
            for (var i = 0; i < set.GroupSizes[q]; i++, row++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{CsvField(set.QueryIds[q])},{i},{set.Labels[row]:R},{scores[row]:R}\n"));
            }
        }
    }

    /// <summary>A query id quoted when it holds a comma, a quote or a line break (RFC 4180).</summary>
    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Each ranker's metrics against the truth and against the logged labels.</summary>
    private sealed record TruthComparison(int Queries, IReadOnlyList<(string Name, RankingMetrics Truth, RankingMetrics Clicks)> Rankers);

    /// <summary>What to score: the data, in which format, and the feature file that names or fills its columns.</summary>
    private sealed record EvaluateInput(string Format, string Data, string? Surface, string? Features);
}
