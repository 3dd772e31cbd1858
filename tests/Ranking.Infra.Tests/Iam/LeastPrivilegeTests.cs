using Amazon.CDK.AWS.Lambda;

namespace Ranking.Infra.Tests.Iam;

public sealed class LeastPrivilegeTests
{
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

    // The per-role tests pin every (action, resource, condition) a function's role holds, so a grant added anywhere,
    // or a call a store starts making without a grant, shows up here. Each action names the code that calls it.

    [Fact]
    public void Rank_MayBatchGetItems_GetUsers_GetTheLiveAlias_AndGetPackages_AndNothingElse()
    {
        var synth = Synth.Default;
        var data = synth.Stack.Data;
        var expected = new[]
            {
                Allow("dynamodb:BatchGetItem", synth.LogicalId(data.Items)), // DynamoItemStore.GetItemsAsync
                Allow("dynamodb:GetItem", synth.LogicalId(data.Users)), // DynamoUserStore.GetUserAsync
                Allow("dynamodb:GetItem", synth.LogicalId(data.Models)), // RegistryModelLocator -> DynamoModelRegistry.GetLiveAsync
                PackageGet(synth), // S3ModelPackages.LoadAsync
            }
            .Concat(Common(synth, synth.Stack.Functions.Rank));
        PolicyStatements.AssertGrants(expected, GrantsOf(synth, synth.Stack.Functions.Rank));
    }

    [Fact]
    public void FeedRerank_MayGetAndUpdateFeeds_BesidesRankReads_AndConsumeOnlyItsQueue()
    {
        var synth = Synth.Default;
        var data = synth.Stack.Data;
        var feeds = synth.LogicalId(data.Feeds);
        var queue = synth.LogicalId(synth.Stack.Feeds.Queue);
        var expected = new[]
            {
                Allow("dynamodb:BatchGetItem", synth.LogicalId(data.Items)), // DynamoItemStore.GetItemsAsync
                Allow("dynamodb:GetItem", synth.LogicalId(data.Users)), // DynamoUserStore.GetUserAsync
                Allow("dynamodb:GetItem", feeds), // DynamoFeedStore.GetFeedAsync
                Allow("dynamodb:UpdateItem", feeds), // DynamoFeedStore.PutCandidatesAsync, TryWriteRankingAsync
                Allow("dynamodb:GetItem", synth.LogicalId(data.Models)), // RegistryModelLocator -> DynamoModelRegistry.GetLiveAsync
                PackageGet(synth), // S3ModelPackages.LoadAsync
            }
            .Concat(Common(synth, synth.Stack.Functions.FeedRerank))
            // The SQS event source mapping polls with the function's role.
            .Concat(new[] { "sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes" }
                .Select(a => Allow(a, queue)));
        PolicyStatements.AssertGrants(expected, GrantsOf(synth, synth.Stack.Functions.FeedRerank));
    }

    [Fact]
    public void ModelRefresh_MayReadAndWriteRegistryRows_AndListAndGetPackages_AndNothingElse()
    {
        var synth = Synth.Default;
        var models = synth.LogicalId(synth.Stack.Data.Models);
        var expected = new[]
            {
                Allow("dynamodb:GetItem", models), // DynamoModelRegistry.GetLiveAsync, GetAsync
                Allow("dynamodb:Query", models), // DynamoModelRegistry.ListAsync (refresh, reconcile)
                Allow("dynamodb:UpdateItem", models), // DynamoModelRegistry.TryUpdateStatusAsync and status writes of Promote
                Allow("dynamodb:PutItem", models), // DynamoModelRegistry.PromoteAsync: the conditional alias write
                Allow("dynamodb:DeleteItem", models), // DynamoModelRegistry.PromoteAsync: undoing a first alias
                PackageGet(synth), // S3ModelPackages.ReadPackageAsync, LoadAsync, DescribeAsync
                PackageList(synth), // S3ModelPackages.DescribeAsync
            }
            .Concat(Common(synth, synth.Stack.Functions.ModelRefresh));
        PolicyStatements.AssertGrants(expected, GrantsOf(synth, synth.Stack.Functions.ModelRefresh));
    }

    [Fact]
    public void Train_MayListAndGetDatasets_PutPackages_AndListGetAndRegisterVersions_AndNothingElse()
    {
        var synth = Synth.Default;
        var models = synth.LogicalId(synth.Stack.Data.Models);
        var bucket = synth.LogicalId(synth.Stack.Data.ModelsBucket);
        var expected = new[]
            {
                Allow("dynamodb:Query", models), // DynamoModelRegistry.ListAsync: the next version
                Allow("dynamodb:GetItem", models), // DynamoModelRegistry.GetAsync: ModelPublisher's "already registered" check
                Allow("dynamodb:PutItem", models), // DynamoModelRegistry.TryRegisterAsync
                new Grant("Allow", "s3:ListBucket", bucket, """{"StringLike":{"s3:prefix":"datasets/*"}}"""), // DatasetDownload
                Allow("s3:GetObject", bucket + "/datasets/*"), // DatasetDownload
                Allow("s3:PutObject", bucket + "/models/*"), // ModelPublisher.UploadAsync
            }
            .Concat(Common(synth, synth.Stack.Functions.Train));
        PolicyStatements.AssertGrants(expected, GrantsOf(synth, synth.Stack.Functions.Train));
    }

    [Fact]
    public void FeedBackfill_MayScanFeeds_AndSendToTheFeedQueue_AndNothingElse()
    {
        var synth = Synth.Default;
        var expected = new[]
            {
                Allow("dynamodb:Scan", synth.LogicalId(synth.Stack.Data.Feeds)), // DynamoFeedStore.ScanSurfaceAsync
                Allow("sqs:SendMessage", synth.LogicalId(synth.Stack.Feeds.Queue)), // RerankQueue.SendAsync (SendMessageBatch)
            }
            .Concat(Common(synth, synth.Stack.Functions.FeedBackfill));
        PolicyStatements.AssertGrants(expected, GrantsOf(synth, synth.Stack.Functions.FeedBackfill));
    }

    [Fact]
    public void BackfillStateMachine_MayInvokeOnlyFeedBackfill_AndItsPipes_ReadOnlyTheRegistryStream_AndStartOnlyIt()
    {
        var synth = Synth.Default;
        var backfill = synth.Stack.Backfill;
        var function = synth.LogicalId(synth.Stack.Functions.FeedBackfill);
        PolicyStatements.AssertGrants(
            [Allow("lambda:InvokeFunction", function), Allow("lambda:InvokeFunction", function + ":*")],
            PolicyStatements.OfRole(synth, synth.LogicalId(backfill.StateMachine.Role)));
        var pipeRole = Assert.Single(synth.Resources("AWS::IAM::Role"), r => r.Properties.GetProperty("AssumeRolePolicyDocument").GetRawText().Contains("pipes.amazonaws.com", StringComparison.Ordinal));
        var stream = synth.LogicalId(synth.Stack.Data.Models);
        PolicyStatements.AssertGrants(
            new[] { "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams" }.Select(a => Allow(a, stream))
                .Append(Allow("states:StartExecution", synth.LogicalId(backfill.StateMachine))),
            PolicyStatements.OfRole(synth, pipeRole.LogicalId));
    }

    [Fact]
    public void ModelPackageListing_IsOnlyModelRefresh_AndOnlyUnderTheModelsPrefix()
    {
        var synth = Synth.Default;
        // The record log delivery roles list the bucket too (Firehose's bucket checks): LogDeliveryPrivilegeTests pins them.
        // Train lists datasets/ only (Train_MayListAndGetDatasets_...).
        var listing = synth.Stack.Functions.All.Where(f => GrantsOf(synth, f).Any(g => g.Action == "s3:ListBucket" && g.Condition!.Contains("models/", StringComparison.Ordinal))).ToList();
        Assert.Equal([synth.Stack.Functions.ModelRefresh], listing);
        var grant = Assert.Single(GrantsOf(synth, synth.Stack.Functions.ModelRefresh), g => g.Action == "s3:ListBucket");
        Assert.Equal(PackageList(synth), grant);
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

    private static Grant Allow(string action, string resource) => new("Allow", action, resource);

    private static Grant PackageGet(Synthesized synth) => Allow("s3:GetObject", synth.LogicalId(synth.Stack.Data.ModelsBucket) + "/models/*");

    private static Grant PackageList(Synthesized synth) =>
        new("Allow", "s3:ListBucket", synth.LogicalId(synth.Stack.Data.ModelsBucket), """{"StringLike":{"s3:prefix":"models/*"}}""");

    /// <summary>What every function has: writes to its own log group, and X-Ray (which has no resource-level permissions).</summary>
    private static IEnumerable<Grant> Common(Synthesized synth, Function function)
    {
        var logGroup = synth.PropertiesOf(function).GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString()!;
        return
        [
            Allow("logs:CreateLogStream", logGroup),
            Allow("logs:PutLogEvents", logGroup),
            Allow("xray:PutTraceSegments", "*"),
            Allow("xray:PutTelemetryRecords", "*"),
        ];
    }
}
