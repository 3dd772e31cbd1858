using Amazon.CDK.AWS.Lambda;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Functions;

/// <summary>
/// The functions' code: the zips from <c>scripts/publish-functions.sh</c>, or, only when asked for with
/// <c>-c bundles=placeholder</c>, a stand-in script that fails every invocation.
/// </summary>
internal sealed class FunctionBundles
{
    public const string Rank = "Ranking.Functions.Rank";
    public const string FeedRerank = "Ranking.Functions.FeedRerank";
    public const string ModelRefresh = "Ranking.Functions.ModelRefresh";

    private readonly BundleSource _source;
    private readonly string _directory;

    private FunctionBundles(BundleSource source, string directory)
    {
        _source = source;
        _directory = directory;
    }

    public bool IsPlaceholder => _source == BundleSource.Placeholder;

    /// <exception cref="InfraConfigurationException">A bundle is missing; the message names the script that makes it.</exception>
    public static FunctionBundles Resolve(InfraSettings settings)
    {
        if (settings.Bundles == BundleSource.Placeholder)
        {
            var placeholder = Path.Combine(AppContext.BaseDirectory, "Functions", "Placeholder");
            return File.Exists(Path.Combine(placeholder, "bootstrap"))
                ? new FunctionBundles(BundleSource.Placeholder, placeholder)
                : throw new InfraConfigurationException($"the placeholder bundle is missing from {placeholder}; rebuild infra/Ranking.Infra.");
        }

        var directory = Path.GetFullPath(settings.BundleDirectory);
        var missing = new[] { Rank, FeedRerank, ModelRefresh }.Where(p => !File.Exists(ZipPath(directory, p))).ToList();
        if (missing.Count > 0)
        {
            throw new InfraConfigurationException(
                $"function bundle(s) missing: {string.Join(", ", missing.Select(p => ZipPath(directory, p)))}. "
                + "Run ./scripts/publish-functions.sh first (or synth with -c bundles=placeholder for a template without function code; never deploy that).");
        }

        return new FunctionBundles(BundleSource.Artifacts, directory);
    }

    public Code CodeFor(string project) =>
        Code.FromAsset(IsPlaceholder ? _directory : ZipPath(_directory, project));

    private static string ZipPath(string directory, string project) => Path.Combine(directory, project + ".zip");
}
