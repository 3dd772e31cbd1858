namespace Ranking.Infra.Contracts;

/// <summary>
/// Where model packages live in the bucket (<c>models/{name}/{version}/</c>), as <c>Ranking.Stores.S3.S3ModelPackages</c>
/// defines it (a test keeps the two equal). The functions' S3 grants are scoped to it.
/// </summary>
internal static class ModelPackages
{
    public const string RootPrefix = "models/";
}
