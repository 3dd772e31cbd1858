using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Core.Evaluation;
using Ranking.Core.Models;
using Ranking.Core.Scoring;
using Ranking.Training.Data;

namespace Ranking.Cli.Training;

/// <summary><c>ranking evaluate</c>: scores a labelled file with a package's ONNX model (as serving would) and prints offline metrics.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model package folder (manifest.json, model.onnx)", Required = true };
        var format = new Option<string>("--format") { Description = "Data format: svmlight", DefaultValueFactory = _ => "svmlight" };
        format.AcceptOnlyFromAmong("svmlight");
        var data = new Option<string>("--data") { Description = "Labelled file (groups from qid or FILE.query)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };

        var command = new Command("evaluate", "Evaluate a model package on labelled data: NDCG@1/3/5/10, MAP, MRR");
        command.Options.Add(model);
        command.Options.Add(format);
        command.Options.Add(data);
        command.Options.Add(json);
        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var metrics = Evaluate(context, parseResult.GetValue(model)!, parseResult.GetValue(data)!);
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

    private static RankingMetrics Evaluate(CliContext context, string modelDirectory, string dataPath)
    {
        var manifestPath = Path.Combine(modelDirectory, ModelManifest.FileName);
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), CoreJsonContext.Default.ModelManifest)
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        var onnxPath = Path.Combine(modelDirectory, manifest.Onnx.File);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnxPath)));
        if (!string.Equals(sha256, manifest.Onnx.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{onnxPath} has sha256 {sha256} but the manifest says {manifest.Onnx.Sha256}.");
        }

        var read = SvmLightReader.Read(dataPath, manifest.Features.Count);
        if (read.IgnoredValues > 0)
        {
            context.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"note: {read.IgnoredValues} values have feature ids above the model's {manifest.Features.Count} features and were ignored"));
        }

        var set = read.Dataset;
        var scores = new float[set.RowCount];
        using (var scorer = OnnxScorer.Load(onnxPath, manifest))
        {
            scorer.Score(set.Features, set.RowCount, scores);
        }

        return RankingEvaluator.Evaluate(set.Labels, scores, set.GroupSizes);
    }
}
