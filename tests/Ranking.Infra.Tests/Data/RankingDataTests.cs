using Amazon.CDK.Assertions;
using Ranking.Infra.Configuration;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Data;

public sealed class RankingDataTests
{
    [Theory]
    [InlineData("itemId", null)]
    [InlineData("userId", null)]
    [InlineData("userId", "surface")]
    [InlineData("name", "version")]
    public void Table_HasTheStoresKeySchema_OnDemand_Pitr_Encrypted_Protected(string partitionKey, string? sortKey)
    {
        var keys = new List<object> { Of(("AttributeName", partitionKey), ("KeyType", "HASH")) };
        var attributes = new List<object> { Of(("AttributeName", partitionKey), ("AttributeType", "S")) };
        if (sortKey is not null)
        {
            keys.Add(Of(("AttributeName", sortKey), ("KeyType", "RANGE")));
            attributes.Add(Of(("AttributeName", sortKey), ("AttributeType", "S")));
        }

        Synth.Default.Template.HasResourceProperties("AWS::DynamoDB::Table", Of(
            ("KeySchema", keys.ToArray()),
            ("AttributeDefinitions", attributes.ToArray()),
            ("BillingMode", "PAY_PER_REQUEST"),
            ("PointInTimeRecoverySpecification", Of(("PointInTimeRecoveryEnabled", true))),
            ("SSESpecification", Of(("SSEEnabled", true))),
            ("DeletionProtectionEnabled", true)));
    }

    [Fact]
    public void Tables_AreFour_AndRetainedByDefault()
    {
        var template = Synth.Default.Template;
        template.ResourceCountIs("AWS::DynamoDB::Table", 4);
        template.AllResources("AWS::DynamoDB::Table", Of(("DeletionPolicy", "Retain"), ("UpdateReplacePolicy", "Retain")));
        template.AllResources("AWS::S3::Bucket", Of(("DeletionPolicy", "Retain")));
    }

    [Fact]
    public void RemovalPolicyDestroy_WithoutDeletionProtection_DeletesTablesAndBucket()
    {
        var template = Synth.Run((ContextKeys.RemovalPolicy, "destroy"), (ContextKeys.DeletionProtection, false)).Template;
        template.AllResources("AWS::DynamoDB::Table", Of(("DeletionPolicy", "Delete")));
        template.AllResourcesProperties("AWS::DynamoDB::Table", Of(("DeletionProtectionEnabled", false)));
        template.AllResources("AWS::S3::Bucket", Of(("DeletionPolicy", "Delete")));
    }

    [Fact]
    public void ModelsBucket_IsVersioned_Encrypted_PrivateAndOwnerEnforced()
    {
        Synth.Default.Template.HasResourceProperties("AWS::S3::Bucket", Of(
            ("VersioningConfiguration", Of(("Status", "Enabled"))),
            ("BucketEncryption", Of(("ServerSideEncryptionConfiguration", Match.ArrayWith([
                Like(("ServerSideEncryptionByDefault", Of(("SSEAlgorithm", "AES256")))),
            ])))),
            ("PublicAccessBlockConfiguration", Of(
                ("BlockPublicAcls", true),
                ("BlockPublicPolicy", true),
                ("IgnorePublicAcls", true),
                ("RestrictPublicBuckets", true))),
            ("OwnershipControls", Of(("Rules", new object[] { Of(("ObjectOwnership", "BucketOwnerEnforced")) })))));
    }

    [Fact]
    public void ModelsBucket_DeniesRequestsWithoutTls()
    {
        Synth.Default.Template.HasResourceProperties("AWS::S3::BucketPolicy", Of(
            ("PolicyDocument", Like(("Statement", Match.ArrayWith([
                Like(
                    ("Effect", "Deny"),
                    ("Action", "s3:*"),
                    ("Condition", Of(("Bool", Of(("aws:SecureTransport", "false")))))),
            ]))))));
    }
}
