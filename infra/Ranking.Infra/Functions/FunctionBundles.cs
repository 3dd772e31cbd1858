using Amazon.CDK.AWS.Lambda;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Functions;

/// <summary>
/// The functions' code: the zips from <c>scripts/publish-functions.sh</c>, or, only when asked for with
/// <c>-c bundles=placeholder</c>, a stand-in script that fails every invocation. With <c>-c treesOnly=true</c>, Rank
/// and FeedRerank are the trees-only zips (<c>publish-functions.sh --trees-only</c>, without ONNX Runtime's library);
/// ModelRefresh is the same either way, since it validates models with ONNX Runtime, and so is Train, which checks its export with it.
/// </summary>
internal sealed class FunctionBundles
{
    public const string Rank = "Ranking.Functions.Rank";
    public const string FeedRerank = "Ranking.Functions.FeedRerank";
    public const string ModelRefresh = "Ranking.Functions.ModelRefresh";
    public const string FeedBackfill = "Ranking.Functions.FeedBackfill";
    public const string Train = "Ranking.Functions.Train";

    /// <summary>Between a ranking function's project name and <c>.zip</c> in its trees-only bundle.</summary>
    public const string TreesOnlySuffix = ".trees-only";

    private readonly BundleSource _source;
    private readonly string _directory;
    private readonly bool _treesOnly;

    private FunctionBundles(BundleSource source, string directory, bool treesOnly)
    {
        _source = source;
        _directory = directory;
        _treesOnly = treesOnly;
    }

    public bool IsPlaceholder => _source == BundleSource.Placeholder;

    /// <exception cref="InfraConfigurationException">A bundle is missing; the message names the script that makes it.</exception>
    public static FunctionBundles Resolve(InfraSettings settings)
    {
        if (settings.Bundles == BundleSource.Placeholder)
        {
            var placeholder = Path.Combine(AppContext.BaseDirectory, "Functions", "Placeholder");
            return File.Exists(Path.Combine(placeholder, "bootstrap"))
                ? new FunctionBundles(BundleSource.Placeholder, placeholder, settings.TreesOnly)
                : throw new InfraConfigurationException($"the placeholder bundle is missing from {placeholder}; rebuild infra/Ranking.Infra.");
        }

        var directory = Path.GetFullPath(settings.BundleDirectory);
        var missing = new[] { Rank, FeedRerank, ModelRefresh, FeedBackfill, Train }
            .Select(p => ZipPath(directory, p, settings.TreesOnly))
            .Where(zip => !File.Exists(zip))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InfraConfigurationException(
                $"function bundle(s) missing: {string.Join(", ", missing)}. "
                + $"Run ./scripts/publish-functions.sh{(settings.TreesOnly ? " --trees-only" : "")} first (or synth with -c bundles=placeholder for a template without function code; never deploy that).");
        }

        return new FunctionBundles(BundleSource.Artifacts, directory, settings.TreesOnly);
    }

    public Code CodeFor(string project) =>
        Code.FromAsset(IsPlaceholder ? _directory : ZipPath(_directory, project, _treesOnly));

    private static string ZipPath(string directory, string project, bool treesOnly) =>
        Path.Combine(directory, project + (treesOnly && project is Rank or FeedRerank ? TreesOnlySuffix : "") + ".zip");
}
