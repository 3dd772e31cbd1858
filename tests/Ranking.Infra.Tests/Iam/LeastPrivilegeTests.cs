using Amazon.CDK.AWS.Lambda;

namespace Ranking.Infra.Tests.Iam;

public sealed class LeastPrivilegeTests
{
    private static readonly string[] s_tableRead =
    [
        "dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:GetItem",
        "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
    ];

    private static readonly string[] s_tableWrite = ["dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];

    [Fact]
    public void NoAllowStatement_AnywhereInTheTemplate_HasAWildcardAction()
    {
        var allows = PolicyStatements.All(Synth.Default).Where(s => s.GetProperty("Effect").GetString() == "Allow").ToList();
        Assert.NotEmpty(allows);
        foreach (var statement in allows)
        {
            Assert.False(statement.TryGetProperty("NotAction", out _), statement.GetRawText());
            foreach (var action in PolicyStatements.Strings(statement.GetProperty("Action")))
            {
                Assert.DoesNotContain("*", action, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void WildcardResources_AreOnlyXRay_WhichHasNoResourceLevelPermissions()
    {
        foreach (var statement in PolicyStatements.All(Synth.Default).Where(s => s.GetProperty("Effect").GetString() == "Allow"))
        {
            if (statement.TryGetProperty("Resource", out var resource) && PolicyStatements.Resources(resource).Contains("*"))
            {
                Assert.All(PolicyStatements.Strings(statement.GetProperty("Action")), a => Assert.StartsWith("xray:", a, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Roles_HaveNoManagedPolicies()
    {
        foreach (var (id, role) in Synth.Default.Resources("AWS::IAM::Role"))
        {
            Assert.False(role.TryGetProperty("ManagedPolicyArns", out _), $"{id} attaches a managed policy");
        }
    }

    [Fact]
    public void Rank_ReadsItemsUsersModelsAndPackages_AndWritesNothing()
    {
        var synth = Synth.Default;
        var data = synth.Stack.Data;
        var expected = Read(synth, data.Items, data.Users, data.Models)
            .Concat(Common(synth, synth.Stack.Functions.Rank))
            .ToHashSet();
        Assert.Equal(expected.OrderBy(g => g.ToString()), GrantsOf(synth, synth.Stack.Functions.Rank).OrderBy(g => g.ToString()));
    }

    [Fact]
    public void FeedRerank_WritesOnlyFeeds_AndConsumesOnlyItsQueue()
    {
        var synth = Synth.Default;
        var data = synth.Stack.Data;
        var queue = synth.LogicalId(synth.Stack.Feeds.Queue);
        var expected = Read(synth, data.Items, data.Users, data.Models, data.Feeds)
            .Concat(Write(synth, data.Feeds))
            .Concat(Common(synth, synth.Stack.Functions.FeedRerank))
            .Concat(new[] { "sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes" }
                .Select(a => new Grant("Allow", a, queue, false)))
            .ToHashSet();
        Assert.Equal(expected.OrderBy(g => g.ToString()), GrantsOf(synth, synth.Stack.Functions.FeedRerank).OrderBy(g => g.ToString()));
    }

    [Fact]
    public void ModelRefresh_ReadsPackages_AndReadsAndWritesOnlyTheRegistry()
    {
        var synth = Synth.Default;
        var data = synth.Stack.Data;
        var expected = Read(synth, data.Models)
            .Concat(Write(synth, data.Models))
            .Concat(Common(synth, synth.Stack.Functions.ModelRefresh))
            .ToHashSet();
        Assert.Equal(expected.OrderBy(g => g.ToString()), GrantsOf(synth, synth.Stack.Functions.ModelRefresh).OrderBy(g => g.ToString()));
    }

    [Fact]
    public void ModelPackageListing_IsLimitedToTheModelsPrefix()
    {
        var synth = Synth.Default;
        var listing = PolicyStatements.All(synth).Where(s => PolicyStatements.Strings(s.GetProperty("Action")).Contains("s3:ListBucket")).ToList();
        Assert.Equal(3, listing.Count);
        Assert.All(listing, s => Assert.Equal(
            "models/*",
            s.GetProperty("Condition").GetProperty("StringLike").GetProperty("s3:prefix")[0].GetString()));
    }

    [Fact]
    public void QueuesAndBucket_DenyRequestsWithoutTls()
    {
        var denies = PolicyStatements.All(Synth.Default)
            .Where(s => s.GetProperty("Effect").GetString() == "Deny")
            .Select(s => PolicyStatements.Strings(s.GetProperty("Action")).First())
            .ToList();
        Assert.Contains("sqs:*", denies);
        Assert.Contains("s3:*", denies);
    }

    private static HashSet<Grant> GrantsOf(Synthesized synth, Function function) =>
        PolicyStatements.OfRole(synth, function.Role!.Node.DefaultChild is Amazon.CDK.CfnElement role ? synth.Stack.GetLogicalId(role) : throw new InvalidOperationException());

    private static IEnumerable<Grant> Read(Synthesized synth, params Amazon.CDK.AWS.DynamoDB.Table[] tables) =>
        tables.SelectMany(t => s_tableRead.Select(a => new Grant("Allow", a, synth.LogicalId(t), false)));

    private static IEnumerable<Grant> Write(Synthesized synth, params Amazon.CDK.AWS.DynamoDB.Table[] tables) =>
        tables.SelectMany(t => s_tableWrite.Select(a => new Grant("Allow", a, synth.LogicalId(t), false)));

    /// <summary>What every function has: its own log group, X-Ray, and the model packages (list under models/, get).</summary>
    private static IEnumerable<Grant> Common(Synthesized synth, Function function)
    {
        var logGroup = synth.PropertiesOf(function).GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString()!;
        var bucket = synth.LogicalId(synth.Stack.Data.ModelsBucket);
        return
        [
            new Grant("Allow", "logs:CreateLogStream", logGroup, false),
            new Grant("Allow", "logs:PutLogEvents", logGroup, false),
            new Grant("Allow", "xray:PutTraceSegments", "*", false),
            new Grant("Allow", "xray:PutTelemetryRecords", "*", false),
            new Grant("Allow", "s3:ListBucket", bucket, true),
            new Grant("Allow", "s3:GetObject", bucket + "/models/*", false),
        ];
    }
}
