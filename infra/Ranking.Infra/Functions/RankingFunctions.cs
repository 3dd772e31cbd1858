using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Ranking.Contracts;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Functions;

/// <summary>
/// The four functions (<c>provided.al2023</c>, x86_64; native AOT but Train), each with its own role that holds only what
/// that function uses: its log group, X-Ray, and the table and bucket actions its code calls (<c>RankingFunctions.Grants.cs</c>).
/// No managed policies, so nothing reaches <c>logs:*</c> on every log group.
/// </summary>
internal sealed partial class RankingFunctions : Construct
{
    private readonly Dictionary<string, LogGroup> _logGroups = new(StringComparer.Ordinal);

    public RankingFunctions(Construct scope, string id, RankingFunctionsProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        var data = props.Data;
        var common = new Dictionary<string, string>
        {
            [EnvironmentNames.Surfaces] = settings.SurfacesText,
            [EnvironmentNames.MetricsNamespace] = MetricNames.Namespace,
            [EnvironmentNames.ModelsBucket] = data.ModelsBucket.BucketName,
            // With the registry table set, Rank and FeedRerank serve the live alias and read packages by key; their
            // grants rely on it (no bucket listing).
            [EnvironmentNames.ModelsTable] = data.Models.TableName,
        };

        var ranking = new Dictionary<string, string>(common);
        if (settings.Rules is { } rules)
        {
            ranking[EnvironmentNames.Rules] = rules;
        }

        Rank = Create("Rank", FunctionBundles.Rank, settings.Rank, props, "Ranks candidates for POST /v1/rank (HTTP API)", new(ranking)
        {
            [EnvironmentNames.ItemsTable] = data.Items.TableName,
            [EnvironmentNames.UsersTable] = data.Users.TableName,
            [EnvironmentNames.MaxCandidates] = Invariant(settings.MaxCandidates),
            [EnvironmentNames.DeadlineMs] = Invariant(settings.DeadlineMs),
            [EnvironmentNames.ModelTtlSeconds] = Invariant(settings.ModelTtlSeconds),
        });
        GrantRank(Rank, data);

        FeedRerank = Create("FeedRerank", FunctionBundles.FeedRerank, settings.FeedRerank, props, "Re-ranks stored feeds from the feed re-rank queue", new(ranking)
        {
            [EnvironmentNames.ItemsTable] = data.Items.TableName,
            [EnvironmentNames.UsersTable] = data.Users.TableName,
            [EnvironmentNames.FeedsTable] = data.Feeds.TableName,
            [EnvironmentNames.MaxCandidates] = Invariant(settings.MaxCandidates),
            [EnvironmentNames.FeedConcurrency] = Invariant(settings.FeedConcurrency),
            [EnvironmentNames.ModelTtlSeconds] = Invariant(settings.ModelTtlSeconds),
        });
        GrantFeedRerank(FeedRerank, data);

        var refresh = new Dictionary<string, string>(common)
        {
            [EnvironmentNames.QualityTolerance] = Invariant(settings.QualityTolerance),
            [EnvironmentNames.LatencyBudgetMs] = Invariant(settings.LatencyBudgetMs),
        };
        if (settings.TreesOnly)
        {
            // The ranking functions cannot serve what the native scorer refuses: the gates reject it before promotion.
            refresh[EnvironmentNames.TreesOnly] = "true";
        }

        // The queue's URL is added by the FeedBackfill construct, which is made after the queue.
        FeedBackfill = Create("FeedBackfill", FunctionBundles.FeedBackfill, settings.FeedBackfill, props, "Enqueues the re-rank of every stored feed of one scan segment (feed backfill state machine)", new()
        {
            [EnvironmentNames.Surfaces] = settings.SurfacesText,
            [EnvironmentNames.MetricsNamespace] = MetricNames.Namespace,
            [EnvironmentNames.FeedsTable] = data.Feeds.TableName,
        });
        Allow(FeedBackfill, data.Feeds, "dynamodb:Scan"); // DynamoFeedStore.ScanSurfaceAsync

        ModelRefresh = Create("ModelRefresh", FunctionBundles.ModelRefresh, settings.ModelRefresh, props, "Validates and promotes published models (scheduled)", refresh);
        GrantModelRefresh(ModelRefresh, data);

        Train = Create("Train", FunctionBundles.Train, settings.Train, props, "Trains a model on a labelled dataset and publishes it (training pipeline)", new(common));
        // The dataset and the package it writes live in /tmp; the default 512 MB holds only small days.
        ((CfnFunction)Train.Node.DefaultChild!).EphemeralStorage = new CfnFunction.EphemeralStorageProperty { Size = settings.TrainStorageMb };
        GrantTrain(Train, data);
    }

    public Function Rank { get; }
    public Function FeedRerank { get; }
    public Function ModelRefresh { get; }
    public Function FeedBackfill { get; }
    /// <summary>The training pipeline's trainer: a self-contained (not native-AOT) bootstrap, see its csproj.</summary>
    public Function Train { get; }

    public IEnumerable<Function> All => [Rank, FeedRerank, ModelRefresh, FeedBackfill, Train];

    /// <summary>
    /// A function's own log group, created here with its retention: the function's stdout (JSON logs, EMF lines and
    /// the record lines that subscription filters send on) lands in it.
    /// </summary>
    public LogGroup LogGroupOf(Function function) => _logGroups[function.Node.Id];

    private Function Create(
        string id, string project, FunctionSizing sizing, RankingFunctionsProps props, string description, Dictionary<string, string> environment)
    {
        var logGroup = new LogGroup(this, id + "Logs", new LogGroupProps
        {
            Retention = props.Settings.LogRetention,
            RemovalPolicy = props.Settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        _logGroups.Add(id, logGroup);
        var role = new Role(this, id + "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"{project}: only the grants this function uses",
        });
        logGroup.GrantWrite(role);

        return new Function(this, id, new FunctionProps
        {
            Description = description,
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.X86_64,
            // A custom runtime ignores the handler; the bootstrap at the zip root is the function.
            Handler = "bootstrap",
            Code = props.Bundles.CodeFor(project),
            MemorySize = sizing.MemoryMb,
            Timeout = Duration.Seconds(sizing.TimeoutSeconds),
            Environment = environment,
            Role = role,
            LogGroup = logGroup,
            Tracing = Tracing.ACTIVE,
        });
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
