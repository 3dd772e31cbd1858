namespace Ranking.Infra.Tests;

public sealed class OutputsTests
{
    [Theory]
    [InlineData("ApiUrl")]
    [InlineData("FeedQueueUrl")]
    [InlineData("FeedDeadLetterQueueUrl")]
    [InlineData("ModelsBucketName")]
    [InlineData("ItemsTableName")]
    [InlineData("UsersTableName")]
    [InlineData("FeedsTableName")]
    [InlineData("ModelsTableName")]
    [InlineData("RankFunctionName")]
    [InlineData("FeedRerankFunctionName")]
    [InlineData("ModelRefreshFunctionName")]
    [InlineData("RecordLogsDatabaseName")]
    [InlineData("AthenaWorkGroupName")]
    [InlineData("ImpressionLogLocation")]
    [InlineData("EventLogLocation")]
    [InlineData("AlarmTopicArn")]
    [InlineData("DashboardName")]
    public void Stack_Outputs(string name)
    {
        var output = Synth.Default.Json.GetProperty("Outputs").GetProperty(name);
        Assert.False(string.IsNullOrEmpty(output.GetProperty("Description").GetString()));
    }

    [Fact]
    public void ApiUrl_IsTheDefaultStagesUrl()
    {
        var synth = Synth.Default;
        var url = synth.Json.GetProperty("Outputs").GetProperty("ApiUrl").GetProperty("Value").GetRawText();
        Assert.Contains(synth.LogicalId(synth.Stack.Api.Api), url, StringComparison.Ordinal);
        Assert.Contains(".execute-api.", url, StringComparison.Ordinal);
    }

    [Fact]
    public void TableAndBucketOutputs_ReferToTheDataConstructs()
    {
        var synth = Synth.Default;
        var outputs = synth.Json.GetProperty("Outputs");
        Assert.Equal(synth.LogicalId(synth.Stack.Data.Items), outputs.GetProperty("ItemsTableName").GetProperty("Value").GetProperty("Ref").GetString());
        Assert.Equal(synth.LogicalId(synth.Stack.Data.Models), outputs.GetProperty("ModelsTableName").GetProperty("Value").GetProperty("Ref").GetString());
        Assert.Equal(synth.LogicalId(synth.Stack.Data.ModelsBucket), outputs.GetProperty("ModelsBucketName").GetProperty("Value").GetProperty("Ref").GetString());
    }

    [Fact]
    public void RecordLogOutputs_NameTheDatabase_TheWorkGroup_AndTheLogPrefixesOfTheBucket()
    {
        var synth = Synth.Default;
        var outputs = synth.Json.GetProperty("Outputs");
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.Database), outputs.GetProperty("RecordLogsDatabaseName").GetProperty("Value").GetProperty("Ref").GetString());
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.WorkGroup), outputs.GetProperty("AthenaWorkGroupName").GetProperty("Value").GetProperty("Ref").GetString());
        var bucket = synth.LogicalId(synth.Stack.Data.ModelsBucket);
        Assert.Equal($"s3://{bucket}/logs/impressions/", Iam.PolicyStatements.Resources(outputs.GetProperty("ImpressionLogLocation").GetProperty("Value")).Single());
        Assert.Equal($"s3://{bucket}/logs/events/", Iam.PolicyStatements.Resources(outputs.GetProperty("EventLogLocation").GetProperty("Value")).Single());
    }
}
