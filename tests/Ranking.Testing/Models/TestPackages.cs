using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Ranking.Core.Models;
using Ranking.Testing.Functions;
using Ranking.Training.Data;
using Ranking.Training.Marketplace;
using Ranking.Training.Onnx.Proto;
using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Testing.Models;

/// <summary>Model packages for lifecycle and hot-swap tests, written to a temp folder: good copies, a broken manifest, a worse model.</summary>
public sealed class TestPackages : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ranking-lifecycle-").FullName;

    /// <summary>The sample feed model re-labelled as <paramref name="name"/>/<paramref name="version"/>, optionally with its manifest edited.</summary>
    public string CopyOfSample(string name, string version, Action<JsonObject>? editManifest = null)
    {
        var source = Path.Combine(FunctionTestBed.SamplesDirectory, "models", "feed-ltr", "1");
        var target = Directory.CreateDirectory(Path.Combine(_root, name, version)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var manifestPath = Path.Combine(target, ModelManifest.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["name"] = name;
        manifest["version"] = version;
        editManifest?.Invoke(manifest);
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return target;
    }

    /// <summary>
    /// The sample feed model with an <c>Identity</c> after its tree ensemble: the same scores, but a graph the native
    /// tree scorer refuses (more than one node), so only ONNX Runtime serves it.
    /// </summary>
    public string NonTreeCopyOfSample(string name, string version)
    {
        var package = CopyOfSample(name, version);
        var onnxPath = Path.Combine(package, "model.onnx");
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath));
        var ensemble = model.Graph.Node.Single();
        var output = ensemble.Output[0];
        ensemble.Output[0] = output + "_trees";
        model.Graph.Node.Add(new NodeProto { OpType = "Identity", Input = { ensemble.Output[0] }, Output = { output } });
        var onnx = model.ToByteArray();
        File.WriteAllBytes(onnxPath, onnx);
        var manifestPath = Path.Combine(package, ModelManifest.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["onnx"]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(onnx));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return package;
    }

    /// <summary>
    /// A genuinely worse model of the same features: trained on inverted labels (so it prefers what users skipped),
    /// holdout with the true labels. Its scores match its trainer, so only the quality gate can stop it. Written under
    /// <paramref name="root"/> (a models folder) when given.
    /// </summary>
    public string WorseModel(string name, string version, string? root = null)
    {
        var split = MarketplaceDatasets.Load(Path.Combine(FunctionTestBed.SamplesDirectory, "marketplace"), "feed");
        static RankingDataset Inverted(RankingDataset data) =>
            new(data.FeatureNames, data.Features, [.. data.Labels.Select(l => 2 - l)], data.GroupSizes, data.QueryIds);
        var model = LambdaMartTrainer.Train(Inverted(split.Train), Inverted(split.Valid), new LambdaMartOptions { Trees = 20, Leaves = 7 });
        var target = Path.Combine(root ?? _root, name, version);
        ModelPackageWriter.Write(new ModelPackageRequest
        {
            Name = name,
            Version = version,
            Features = split.Features,
            Model = model,
            Holdout = split.Test,
            Training = new TrainingSummary { Format = "marketplace", Surface = "feed" },
            CreatedAt = DateTimeOffset.UtcNow,
        }, target);
        return target;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
