using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.S3;
using Ranking.Contracts;
using Ranking.Infra.Data;

namespace Ranking.Infra.Functions;

/// <summary>
/// Each role gets the DynamoDB and S3 actions its function's code calls, on the table or objects it calls them on,
/// as explicit statements: <c>Table.GrantReadData</c> would add <c>Scan</c>, <c>Query</c>, the stream reads and
/// <c>DescribeTable</c>, <c>GrantReadWriteData</c> <c>DeleteItem</c> and <c>BatchWriteItem</c>, and
/// <c>Bucket.GrantRead</c> <c>s3:GetObject*</c>, <c>s3:GetBucket*</c> and <c>s3:List*</c>. Every action names the
/// store method that calls it; a new call needs a new line here (and in <c>LeastPrivilegeTests</c>).
/// </summary>
internal sealed partial class RankingFunctions
{
    /// <summary>
    /// The stack sets <c>RANKING_MODELS_TABLE</c>, so Rank's <c>ModelSource</c> takes the registry path
    /// (<c>RegistryModelLocator</c>): the live alias names the version and the package is read by key. It never lists
    /// the bucket; only <c>BucketModelLocator</c>, used without a registry table, does.
    /// </summary>
    private static void GrantRank(Function rank, RankingData data)
    {
        Allow(rank, data.Items, "dynamodb:BatchGetItem"); // DynamoItemStore.GetItemsAsync
        Allow(rank, data.Users, "dynamodb:GetItem"); // DynamoUserStore.GetUserAsync
        Allow(rank, data.Models, "dynamodb:GetItem"); // RegistryModelLocator -> DynamoModelRegistry.GetLiveAsync; DynamoExperimentStore.GetAsync
        AllowPackageGets(rank, data.ModelsBucket); // RegistryModelLocator -> S3ModelPackages.LoadAsync (live and experiment variants' models)
    }

    /// <summary>Rank's reads (models through the registry path too), plus the feed it re-ranks.</summary>
    private static void GrantFeedRerank(Function feedRerank, RankingData data)
    {
        Allow(feedRerank, data.Items, "dynamodb:BatchGetItem"); // DynamoItemStore.GetItemsAsync
        Allow(feedRerank, data.Users, "dynamodb:GetItem"); // DynamoUserStore.GetUserAsync
        Allow(feedRerank, data.Feeds,
            "dynamodb:GetItem", // DynamoFeedStore.GetFeedAsync
            "dynamodb:UpdateItem"); // DynamoFeedStore.PutCandidatesAsync (new candidates), TryWriteRankingAsync
        Allow(feedRerank, data.Models, "dynamodb:GetItem"); // RegistryModelLocator -> DynamoModelRegistry.GetLiveAsync; DynamoExperimentStore.GetAsync
        AllowPackageGets(feedRerank, data.ModelsBucket); // RegistryModelLocator -> S3ModelPackages.LoadAsync (live and experiment variants' models)
    }

    /// <summary>ModelPromotion's registry calls, and the package reads of validation and the refresh report.</summary>
    private static void GrantModelRefresh(Function modelRefresh, RankingData data)
    {
        Allow(modelRefresh, data.Models,
            "dynamodb:GetItem", // DynamoModelRegistry.GetLiveAsync, GetAsync
            "dynamodb:Query", // DynamoModelRegistry.ListAsync, from ModelPromotion and every reconcile pass
            "dynamodb:UpdateItem", // DynamoModelRegistry.TryUpdateStatusAsync, and Promote's status writes
            "dynamodb:PutItem", // DynamoModelRegistry.PromoteAsync: the conditional alias write
            "dynamodb:DeleteItem"); // DynamoModelRegistry.PromoteAsync: undoing the first alias of a name
        AllowPackageGets(modelRefresh, data.ModelsBucket); // S3ModelPackages.ReadPackageAsync, LoadAsync, DescribeAsync
        // S3ModelPackages.DescribeAsync lists models/{name}/ (ListObjectsV2) for the refresh report.
        modelRefresh.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:ListBucket"],
            Resources = [data.ModelsBucket.BucketArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = BucketLayout.ModelsPrefix + "*" },
            },
        }));
    }

    /// <summary>
    /// The dataset it is given (listed and read under <c>datasets/</c>), the version it picks and registers, and the
    /// package it uploads under <c>models/</c>: <c>ModelPublisher.PublishAsync</c>'s calls. It never reads another package.
    /// </summary>
    private static void GrantTrain(Function train, RankingData data)
    {
        Allow(train, data.Models,
            "dynamodb:Query", // DynamoModelRegistry.ListAsync: the next version after the newest
            "dynamodb:GetItem", // DynamoModelRegistry.GetAsync: ModelPublisher refuses a version already registered
            "dynamodb:PutItem"); // DynamoModelRegistry.TryRegisterAsync: the conditional registration
        train.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:ListBucket"], // DatasetDownload.ToFolderAsync (ListObjectsV2)
            Resources = [data.ModelsBucket.BucketArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = BucketLayout.DatasetsPrefix + "*" },
            },
        }));
        train.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject"], // DatasetDownload.ToFolderAsync
            Resources = [data.ModelsBucket.ArnForObjects(BucketLayout.DatasetsPrefix + "*")],
        }));
        train.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"], // ModelPublisher.UploadAsync
            Resources = [data.ModelsBucket.ArnForObjects(BucketLayout.ModelsPrefix + "*")],
        }));
    }

    /// <summary>The package files (manifest, ONNX, holdout) under <c>models/</c>; nothing else in the bucket.</summary>
    private static void AllowPackageGets(Function function, Bucket bucket) =>
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject"],
            Resources = [bucket.ArnForObjects(BucketLayout.ModelsPrefix + "*")],
        }));

    /// <summary>The table itself: no store reads an index or a stream.</summary>
    private static void Allow(Function function, Table table, params string[] actions) =>
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = actions,
            Resources = [table.TableArn],
        }));
}
