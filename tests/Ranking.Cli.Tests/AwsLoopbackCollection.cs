namespace Ranking.Cli.Tests;

/// <summary>The AWS command tests share one dynalite and one s3rver, and so run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AwsLoopbackCollection : ICollectionFixture<AwsLoopbackFixture>
{
    public const string Name = "aws-loopback";
}
