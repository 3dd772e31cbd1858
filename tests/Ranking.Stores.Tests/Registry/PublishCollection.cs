using Ranking.Stores.Tests.Support;

namespace Ranking.Stores.Tests.Registry;

/// <summary>Publishing needs both servers: the package goes to s3rver, the registration to dynalite.</summary>
[CollectionDefinition(Name)]
public sealed class PublishCollection : ICollectionFixture<DynaliteFixture>, ICollectionFixture<S3rverFixture>
{
    public const string Name = "publish";
}
