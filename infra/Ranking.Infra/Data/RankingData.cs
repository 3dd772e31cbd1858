using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.S3;
using Constructs;
using Ranking.Contracts;

namespace Ranking.Infra.Data;

/// <summary>
/// The four DynamoDB tables (keys as <c>Ranking.Stores.TableSchemas</c>) and the model bucket. Names are generated
/// by CloudFormation, so two stages can share an account; the stack outputs and the functions' environment carry them.
/// </summary>
internal sealed class RankingData : Construct
{
    public RankingData(Construct scope, string id, RankingDataProps props)
        : base(scope, id)
    {
        var removal = props.Retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        Items = CreateTable("Items", TableSchemas.Items.ItemId, null, props, removal);
        Users = CreateTable("Users", TableSchemas.Users.UserId, null, props, removal);
        Feeds = CreateTable("Feeds", TableSchemas.Feeds.UserId, TableSchemas.Feeds.Surface, props, removal);
        Models = CreateTable("Models", TableSchemas.Models.Name, TableSchemas.Models.Version, props, removal);

        ModelsBucket = new Bucket(this, "ModelsBucket", new BucketProps
        {
            // Versioned: an overwritten or deleted package can be recovered, and the registry's sha256 still names it.
            Versioned = true,
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            // No AutoDeleteObjects even for a destroyable stage: its custom resource needs s3:* style grants, and
            // models are worth an explicit "empty the bucket" step before a delete.
            RemovalPolicy = removal,
        });
    }

    public Table Items { get; }
    public Table Users { get; }
    public Table Feeds { get; }
    public Table Models { get; }
    public Bucket ModelsBucket { get; }

    // On-demand: ranking traffic is spiky and scales to zero, like the functions in front of it.
    private Table CreateTable(string id, string partitionKey, string? sortKey, RankingDataProps props, RemovalPolicy removal) =>
        new(this, id, new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = partitionKey, Type = AttributeType.STRING },
            SortKey = sortKey is null ? null : new Amazon.CDK.AWS.DynamoDB.Attribute { Name = sortKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            DeletionProtection = props.DeletionProtection,
            RemovalPolicy = removal,
        });
}
