namespace Ranking.Contracts;

/// <summary>Where things live in the models bucket. The functions' S3 grants are scoped to these prefixes.</summary>
public static class BucketLayout
{
    /// <summary>Model packages: <c>models/{name}/{version}/</c>.</summary>
    public const string ModelsPrefix = "models/";
}
