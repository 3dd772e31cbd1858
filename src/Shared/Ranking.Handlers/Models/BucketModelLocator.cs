using Ranking.Contracts;
using Ranking.Core.Ranking;
using Ranking.Stores.Models;

namespace Ranking.Handlers.Models;

/// <summary>Models in the bucket without a registry: the newest version with a manifest is live.</summary>
public sealed class BucketModelLocator(S3ModelPackages packages) : IModelLocator
{
    public string Source => $"s3://{packages.Bucket}/{BucketLayout.ModelsPrefix}";

    public Task<string?> LiveVersionAsync(string name, CancellationToken cancellationToken) => packages.FindLatestAsync(name, cancellationToken);

    public Task<RankingModel> LoadAsync(string name, string version, CancellationToken cancellationToken) => packages.LoadAsync(name, version, cancellationToken);
}
