using Ranking.Contracts;
using Ranking.Core.Ranking;
using Ranking.Stores.Models;
using Ranking.Stores.Registry;

namespace Ranking.Handlers.Models;

/// <summary>
/// The registry's live alias names the version; the package comes from the bucket. Only promoted versions are
/// ever served: with no alias a surface stays in fallback rather than serving an unvalidated package.
/// </summary>
public sealed class RegistryModelLocator(IModelRegistry registry, S3ModelPackages packages) : IModelLocator
{
    public string Source => $"the registry's live alias, packages in s3://{packages.Bucket}/{BucketLayout.ModelsPrefix}";

    public async Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken) =>
        (await registry.GetLiveAsync(name, cancellationToken))?.Version;

    public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) => packages.LoadAsync(name, version, cancellationToken);
}
