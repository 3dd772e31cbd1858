using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Items;
using Ranking.Stores.Tables;
using Ranking.Stores.Users;
using Ranking.Testing.Loopback;
using Ranking.Testing.Seams;

namespace Ranking.Testing.Functions;

/// <summary>
/// What the functions talk to, on loopback: dynalite with the four tables and the sample marketplace loaded,
/// s3rver with the sample model packages under <c>models/{name}/{version}/</c>.
/// </summary>
public sealed class FunctionTestBed : IAsyncDisposable
{
    public const string ItemsTable = "test-items";
    public const string UsersTable = "test-users";
    public const string FeedsTable = "test-feeds";
    public const string ModelsTable = "test-models";

    private FunctionTestBed(DynaliteServer dynalite, S3rverServer s3rver, AmazonDynamoDBClient dynamo, AmazonS3Client s3)
    {
        Dynalite = dynalite;
        S3rver = s3rver;
        DynamoDb = dynamo;
        S3 = s3;
    }

    public DynaliteServer Dynalite { get; }
    public S3rverServer S3rver { get; }
    public AmazonDynamoDBClient DynamoDb { get; }
    public AmazonS3Client S3 { get; }

    public static string SamplesDirectory => Path.Combine(RepoRoot.Find(), "samples");

    public static async Task<FunctionTestBed> StartAsync(CancellationToken cancellationToken = default)
    {
        var dynalite = await DynaliteServer.StartAsync(cancellationToken);
        var s3rver = await S3rverServer.StartAsync("ranking-models-test", cancellationToken);
        var dynamo = new AmazonDynamoDBClient(
            new BasicAWSCredentials(DynaliteServer.AccessKey, DynaliteServer.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl, AuthenticationRegion = DynaliteServer.Region });
        var s3 = new AmazonS3Client(
            new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            new AmazonS3Config
            {
                ServiceURL = s3rver.ServiceUrl,
                ForcePathStyle = true,
                AuthenticationRegion = S3rverServer.Region,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        var bed = new FunctionTestBed(dynalite, s3rver, dynamo, s3);
        await bed.LoadAsync(cancellationToken);
        return bed;
    }

    /// <summary>
    /// The variables a function needs to reach this bed. One key pair serves both servers: s3rver checks it,
    /// dynalite accepts any. With <paramref name="registry"/>, <c>RANKING_MODELS_TABLE</c> is set, so ranking
    /// functions serve only versions the registry's live alias names; without it they serve the newest package.
    /// </summary>
    public Dictionary<string, string> Environment(string runtimeApi, string surfaces = "feed=feed-ltr;search=search-ltr", bool registry = false)
    {
        var environment = Base(runtimeApi, surfaces);
        if (registry)
        {
            environment["RANKING_MODELS_TABLE"] = ModelsTable;
        }

        return environment;
    }

    private Dictionary<string, string> Base(string runtimeApi, string surfaces) => new(StringComparer.Ordinal)
    {
        ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
        ["AWS_LAMBDA_FUNCTION_NAME"] = "test-function",
        ["AWS_REGION"] = S3rverServer.Region,
        ["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretKey,
        ["AWS_ENDPOINT_URL_DYNAMODB"] = Dynalite.ServiceUrl,
        ["AWS_ENDPOINT_URL_S3"] = S3rver.ServiceUrl,
        ["RANKING_ITEMS_TABLE"] = ItemsTable,
        ["RANKING_USERS_TABLE"] = UsersTable,
        ["RANKING_FEEDS_TABLE"] = FeedsTable,
        ["RANKING_MODELS_BUCKET"] = S3rver.Bucket,
        ["RANKING_SURFACES"] = surfaces,
    };

    /// <summary>Uploads the sample feed model to the bucket as <c>{name}/{version}</c>, manifest last, as publish does.</summary>
    public async Task UploadSampleModelAsync(string name, string version)
    {
        var source = Path.Combine(SamplesDirectory, "models", "feed-ltr", "1");
        foreach (var file in Directory.GetFiles(source).OrderBy(f => f.EndsWith("manifest.json", StringComparison.Ordinal)))
        {
            var request = new PutObjectRequest { BucketName = S3rver.Bucket, Key = $"models/{name}/{version}/{Path.GetFileName(file)}", UseChunkEncoding = false };
            if (Path.GetFileName(file) == "manifest.json")
            {
                request.ContentBody = (await File.ReadAllTextAsync(file))
                    .Replace("\"name\": \"feed-ltr\"", $"\"name\": \"{name}\"", StringComparison.Ordinal)
                    .Replace("\"version\": \"1\"", $"\"version\": \"{version}\"", StringComparison.Ordinal);
            }
            else
            {
                request.FilePath = file;
            }

            await S3.PutObjectAsync(request);
        }
    }

    public async ValueTask DisposeAsync()
    {
        DynamoDb.Dispose();
        S3.Dispose();
        await Dynalite.DisposeAsync();
        await S3rver.DisposeAsync();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await DynamoTables.EnsureAsync(DynamoDb, TableDefinitions.CreateItemsTable(ItemsTable), cancellationToken);
        await DynamoTables.EnsureAsync(DynamoDb, TableDefinitions.CreateUsersTable(UsersTable), cancellationToken);
        await DynamoTables.EnsureAsync(DynamoDb, TableDefinitions.CreateFeedsTable(FeedsTable), cancellationToken);
        await DynamoTables.EnsureAsync(DynamoDb, TableDefinitions.CreateModelsTable(ModelsTable), cancellationToken);

        var marketplace = Path.Combine(SamplesDirectory, "marketplace");
        var writer = new DynamoBatchWriter(DynamoDb, TimeProvider.System, Randomizers.Midpoint);
        await writer.WriteAsync(ItemsTable, [.. RecordJsonl.ReadItems(Path.Combine(marketplace, "items.jsonl")).Select(ItemMapper.ToAttributes)], null, cancellationToken);
        await writer.WriteAsync(UsersTable, [.. RecordJsonl.ReadUsers(Path.Combine(marketplace, "users.jsonl")).Select(UserMapper.ToAttributes)], null, cancellationToken);
        await writer.WriteAsync(FeedsTable, [.. RecordJsonl.ReadFeeds(Path.Combine(marketplace, "feeds.jsonl")).Select(FeedMapper.ToAttributes)], null, cancellationToken);

        var models = Path.Combine(SamplesDirectory, "models");
        foreach (var file in Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories))
        {
            var key = "models/" + Path.GetRelativePath(models, file).Replace('\\', '/');
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = S3rver.Bucket, Key = key, FilePath = file, UseChunkEncoding = false }, cancellationToken);
        }
    }
}
