using System.Text.Json;
using Ranking.Core.Models;
using Ranking.Core.Ranking;

namespace Ranking.Stores.Models;

/// <summary>
/// How a package's bytes become a manifest and a model, whatever holds them (a folder, the bucket, a folder about to be
/// published): the manifest parsed and its required parts checked, the files it names kept inside the package, the
/// model built and verified (sha256, shape). Each store reads bytes its own way and names a file its own way
/// (<c>feed-ltr/2/model.onnx</c>, <c>s3://bucket/models/feed-ltr/2/model.onnx</c>); the checks are these, once.
/// </summary>
internal static class PackageContents
{
    /// <exception cref="InvalidDataException">Not a manifest, empty, or missing a required part; the message starts with <paramref name="location"/>.</exception>
    public static ModelManifest ParseManifest(ReadOnlySpan<byte> utf8, string location)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(utf8, CoreJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{location} is not a valid manifest: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new InvalidDataException($"{location} is empty.");
        }

        // JSON lets an explicit null through for a required part ("onnx": null): refuse it here, not as a null reference later.
        return ManifestRequirements.Problem(manifest) is { } problem
            ? throw new InvalidDataException($"{location}: {problem}")
            : manifest;
    }

    /// <summary>A file the manifest names, refused unless it sits beside the manifest: "../x" must not read outside the package.</summary>
    /// <exception cref="InvalidDataException">The name is empty or has a folder in it.</exception>
    public static string FileName(string file, string manifestLocation) =>
        file.Length > 0 && Path.GetFileName(file) == file
            ? file
            : throw new InvalidDataException($"{manifestLocation} names '{file}', which is not a file of the package.");

    /// <exception cref="InvalidDataException">A checksum mismatch, a bad feature, or an ONNX file that does not load or fit; the message starts with <paramref name="onnxLocation"/>.</exception>
    /// <param name="trainerModel">The package's <c>lightgbm.txt</c>, or null: kept for the model's explanations.</param>
    public static RankingModel Build(ModelManifest manifest, byte[] onnx, byte[]? trainerModel, string onnxLocation)
    {
        try
        {
            return RankingModel.Create(manifest, onnx, trainerModel, holdout: null);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{onnxLocation}: {e.Message}", e);
        }
    }
}
