using Ranking.Infra.Configuration;
using Ranking.Infra.Tests.Iam;

namespace Ranking.Infra.Tests.Logs;

public sealed class WorkGroupTests
{
    [Fact]
    public void WorkGroup_EnforcesItsOwnResultLocation_EncryptedWithSseS3()
    {
        var synth = Synth.Default;
        var workGroup = synth.Single("AWS::Athena::WorkGroup");
        Assert.Equal("Ranking-logs", workGroup.GetProperty("Name").GetString());
        var configuration = workGroup.GetProperty("WorkGroupConfiguration");
        Assert.True(configuration.GetProperty("EnforceWorkGroupConfiguration").GetBoolean());
        Assert.True(configuration.GetProperty("PublishCloudWatchMetricsEnabled").GetBoolean());
        Assert.Equal("Athena engine version 3", configuration.GetProperty("EngineVersion").GetProperty("SelectedEngineVersion").GetString());
        var results = configuration.GetProperty("ResultConfiguration");
        Assert.Equal($"s3://{synth.LogicalId(synth.Stack.Data.ModelsBucket)}/athena-results/", PolicyStatements.Resources(results.GetProperty("OutputLocation")).Single());
        Assert.Equal("SSE_S3", results.GetProperty("EncryptionConfiguration").GetProperty("EncryptionOption").GetString());
        Assert.Equal("AWS::AccountId", results.GetProperty("ExpectedBucketOwner").GetProperty("Ref").GetString());
    }

    [Theory]
    [InlineData(null, 100_000_000_000L)]
    [InlineData(5, 5_000_000_000L)]
    public void WorkGroup_CancelsQueriesScanningMoreThanTheConfiguredLimit(int? gigabytes, long bytes)
    {
        var synth = gigabytes is { } gb ? Synth.Run((ContextKeys.AthenaScanLimitGb, gb)) : Synth.Default;
        Assert.Equal(bytes, synth.Single("AWS::Athena::WorkGroup").GetProperty("WorkGroupConfiguration").GetProperty("BytesScannedCutoffPerQuery").GetInt64());
    }
}
