using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ranking.Contracts.Rules;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Ranking.Infra.Configuration;

/// <summary>
/// The stack's settings from CDK context, validated once before any construct exists. Defaults live here (and are
/// repeated in <c>cdk.json</c> for discoverability); every rule that ties two values together is checked here too.
/// </summary>
internal sealed partial record InfraSettings
{
    public const string DefaultSurfaces = "feed=feed-ltr;search=search-ltr";
    public const string DefaultBundleDirectory = "artifacts/functions";

    public required string StackName { get; init; }
    public required BundleSource Bundles { get; init; }
    public required string BundleDirectory { get; init; }
    /// <summary>
    /// Rank and FeedRerank from their trees-only bundles (no ONNX Runtime): they serve tree ensembles only, and
    /// ModelRefresh's gates reject any other model before promotion.
    /// </summary>
    public required bool TreesOnly { get; init; }
    /// <summary>Surface -> model name, in the order configured; the functions read the same text from <c>RANKING_SURFACES</c>.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Surfaces { get; init; }
    /// <summary>
    /// The business rules of <c>RANKING_RULES</c> for Rank and FeedRerank, validated as the functions validate them
    /// and compacted; null keeps the functions' defaults.
    /// </summary>
    public string? Rules { get; init; }
    public required bool RetainData { get; init; }
    public required bool DeletionProtection { get; init; }
    public required RetentionDays LogRetention { get; init; }
    /// <summary>How long impression and event records stay in the bucket: the furthest back a training set can reach.</summary>
    public required int RecordLogRetentionDays { get; init; }
    /// <summary>The Athena workgroup cancels a query that would scan more, so a query without a <c>dt</c> filter cannot run up a bill.</summary>
    public required int AthenaScanLimitGb { get; init; }

    public required FunctionSizing Rank { get; init; }
    public required FunctionSizing FeedRerank { get; init; }
    public required FunctionSizing FeedBackfill { get; init; }
    public required FunctionSizing ModelRefresh { get; init; }
    public required FunctionSizing Train { get; init; }
    /// <summary>The Train function's /tmp: the downloaded dataset and the package it writes.</summary>
    public required int TrainStorageMb { get; init; }
    public required int MaxCandidates { get; init; }
    public required int DeadlineMs { get; init; }
    /// <summary>How often Rank and FeedRerank re-read the live model version (hot swap).</summary>
    public required int ModelTtlSeconds { get; init; }
    /// <summary>Promotion gates of ModelRefresh.</summary>
    public required double QualityTolerance { get; init; }
    public required int LatencyBudgetMs { get; init; }
    public required int FeedConcurrency { get; init; }

    public required ApiAuthorization ApiAuthorization { get; init; }
    public string? JwtIssuer { get; init; }
    public IReadOnlyList<string> JwtAudience { get; init; } = [];
    public required int ApiThrottleRateLimit { get; init; }
    public required int ApiThrottleBurstLimit { get; init; }

    public required int FeedBatchSize { get; init; }
    public required int FeedBatchWindowSeconds { get; init; }
    public required int FeedMaxConcurrency { get; init; }
    public required int FeedMaxReceiveCount { get; init; }

    /// <summary>Segments of the backfill's parallel scan; each is FeedBackfill invocations in turn.</summary>
    public required int BackfillSegments { get; init; }
    /// <summary>Segments scanned at once (the Map's MaxConcurrency): the queue and FeedRerank's concurrency absorb the rest.</summary>
    public required int BackfillConcurrency { get; init; }
    /// <summary>A change of a surface model's live alias (a promotion or a rollback) starts a backfill of that surface.</summary>
    public required bool BackfillAfterPromotion { get; init; }

    public required int ModelRefreshRateMinutes { get; init; }

    /// <summary>When each surface's training pipeline runs: an EventBridge schedule expression, <c>rate(...)</c> or <c>cron(...)</c>.</summary>
    public required string TrainingSchedule { get; init; }
    /// <summary>How many whole days of impressions (the days before the run's) a training dataset holds.</summary>
    public required int TrainingDays { get; init; }
    /// <summary>How long after an impression its events count towards its labels.</summary>
    public required int TrainingAttributionMinutes { get; init; }

    public required int AlarmRankP99Ms { get; init; }
    public required double AlarmFallbackRate { get; init; }
    public required int AlarmFeedFailures { get; init; }
    public string? AlarmEmail { get; init; }

    /// <summary>The text of <c>RANKING_SURFACES</c>.</summary>
    public string SurfacesText => string.Join(';', Surfaces.Select(s => $"{s.Key}={s.Value}"));

    /// <summary>
    /// AWS's advice for SQS-triggered functions: at least six times the function timeout, plus the batching window,
    /// so a message is not redelivered while a retried invocation may still hold it.
    /// </summary>
    public int FeedQueueVisibilitySeconds => (6 * FeedRerank.TimeoutSeconds) + FeedBatchWindowSeconds;

    /// <exception cref="InfraConfigurationException">A value is malformed or out of range; the message names its key.</exception>
    public static InfraSettings FromContext(Node node)
    {
        var read = new ContextReader(node);
        var stackName = read.Text(ContextKeys.StackName, "Ranking");
        if (!StackNamePattern().IsMatch(stackName))
        {
            throw ContextReader.Invalid(ContextKeys.StackName, stackName, "a CloudFormation stack name ([A-Za-z][A-Za-z0-9-]{0,127})");
        }

        var surfaces = ParseSurfaces(read.Text(ContextKeys.Surfaces, DefaultSurfaces));
        var settings = new InfraSettings
        {
            StackName = stackName,
            Bundles = read.Choice(ContextKeys.Bundles, BundleSource.Artifacts, new Dictionary<string, BundleSource>
            {
                ["ARTIFACTS"] = BundleSource.Artifacts,
                ["PLACEHOLDER"] = BundleSource.Placeholder,
            }),
            BundleDirectory = read.Text(ContextKeys.BundleDirectory, DefaultBundleDirectory),
            TreesOnly = read.Boolean(ContextKeys.TreesOnly, false),
            Surfaces = surfaces,
            Rules = ReadRules(read, surfaces),
            RetainData = read.Choice(ContextKeys.RemovalPolicy, true, new Dictionary<string, bool>
            {
                ["RETAIN"] = true,
                ["DESTROY"] = false,
            }),
            DeletionProtection = read.Boolean(ContextKeys.DeletionProtection, true),
            LogRetention = ReadRetention(read),
            RecordLogRetentionDays = read.Integer(ContextKeys.RecordLogRetentionDays, 400, 1, 3_653),
            // Athena's own floor is 10 MB; a whole-gigabyte setting keeps the key readable.
            AthenaScanLimitGb = read.Integer(ContextKeys.AthenaScanLimitGb, 100, 1, 1_000_000),
            Rank = new FunctionSizing(
                read.Integer(ContextKeys.RankMemoryMb, 1769, 128, 10_240),
                // API Gateway gives up on an integration after 30 s; a longer function timeout buys nothing.
                read.Integer(ContextKeys.RankTimeoutSeconds, 10, 1, 30)),
            FeedRerank = new FunctionSizing(
                read.Integer(ContextKeys.FeedRerankMemoryMb, 1024, 128, 10_240),
                read.Integer(ContextKeys.FeedRerankTimeoutSeconds, 60, 1, 900)),
            FeedBackfill = new FunctionSizing(
                read.Integer(ContextKeys.FeedBackfillMemoryMb, 512, 128, 10_240),
                read.Integer(ContextKeys.FeedBackfillTimeoutSeconds, 300, 60, 900)),
            ModelRefresh = new FunctionSizing(
                read.Integer(ContextKeys.ModelRefreshMemoryMb, 1024, 128, 10_240),
                read.Integer(ContextKeys.ModelRefreshTimeoutSeconds, 300, 1, 900)),
            // Lambda's ceilings: 10 GB of memory (about 6 vCPUs), 15 minutes, 10 GB of /tmp.
            Train = new FunctionSizing(
                read.Integer(ContextKeys.TrainMemoryMb, 3008, 512, 10_240),
                read.Integer(ContextKeys.TrainTimeoutSeconds, 900, 60, 900)),
            TrainStorageMb = read.Integer(ContextKeys.TrainStorageMb, 4096, 512, 10_240),
            // The same bounds the functions enforce at init (FunctionSettings), so a deploy never ships a value
            // that fails every cold start.
            MaxCandidates = read.Integer(ContextKeys.MaxCandidates, 1000, 1, 10_000),
            DeadlineMs = read.Integer(ContextKeys.DeadlineMs, 250, 1, 30_000),
            ModelTtlSeconds = read.Integer(ContextKeys.ModelTtlSeconds, 60, 1, 3600),
            QualityTolerance = read.Number(ContextKeys.QualityTolerance, 0.005, 0, 1),
            LatencyBudgetMs = read.Integer(ContextKeys.LatencyBudgetMs, 50, 1, 60_000),
            FeedConcurrency = read.Integer(ContextKeys.FeedConcurrency, 4, 1, 64),
            ApiAuthorization = read.Choice(ContextKeys.ApiAuth, ApiAuthorization.Iam, new Dictionary<string, ApiAuthorization>
            {
                ["IAM"] = ApiAuthorization.Iam,
                ["JWT"] = ApiAuthorization.Jwt,
            }),
            JwtIssuer = read.Optional(ContextKeys.JwtIssuer),
            JwtAudience = SplitList(read.Optional(ContextKeys.JwtAudience)),
            ApiThrottleRateLimit = read.Integer(ContextKeys.ApiThrottleRateLimit, 200, 1, 10_000),
            ApiThrottleBurstLimit = read.Integer(ContextKeys.ApiThrottleBurstLimit, 400, 1, 5_000),
            FeedBatchSize = read.Integer(ContextKeys.FeedBatchSize, 10, 1, 10_000),
            FeedBatchWindowSeconds = read.Integer(ContextKeys.FeedBatchWindowSeconds, 2, 0, 300),
            // Lambda's bounds for an SQS event source's maximum concurrency.
            FeedMaxConcurrency = read.Integer(ContextKeys.FeedMaxConcurrency, 10, 2, 1_000),
            FeedMaxReceiveCount = read.Integer(ContextKeys.FeedMaxReceiveCount, 5, 1, 1_000),
            // The function's own bound (SegmentRequest.MaxSegments); an inline Map runs at most 40 at once.
            BackfillSegments = read.Integer(ContextKeys.BackfillSegments, 8, 1, 1_000),
            BackfillConcurrency = read.Integer(ContextKeys.BackfillConcurrency, 4, 1, 40),
            BackfillAfterPromotion = read.Boolean(ContextKeys.BackfillAfterPromotion, true),
            ModelRefreshRateMinutes = read.Integer(ContextKeys.ModelRefreshRateMinutes, 5, 1, 1_440),
            TrainingSchedule = ReadSchedule(read),
            TrainingDays = read.Integer(ContextKeys.TrainingDays, 7, 1, 365),
            // At most a day: the events of the last impression day are read from that day and the next only.
            TrainingAttributionMinutes = read.Integer(ContextKeys.TrainingAttributionMinutes, 30, 1, 1_440),
            AlarmRankP99Ms = read.Integer(ContextKeys.AlarmRankP99Ms, 500, 1, 30_000),
            AlarmFallbackRate = read.Number(ContextKeys.AlarmFallbackRate, 0.05, 0, 1),
            AlarmFeedFailures = read.Integer(ContextKeys.AlarmFeedFailures, 5, 1, 1_000_000),
            AlarmEmail = read.Optional(ContextKeys.AlarmEmail),
        };
        settings.CheckCombinations();
        return settings;
    }

    /// <summary>Lambda holds 4 KB of environment in all: the rules may take most of it, not all.</summary>
    public const int MaxRulesBytes = 3072;

    private static string? ReadRules(ContextReader read, List<KeyValuePair<string, string>> surfaces)
    {
        var json = read.Json(ContextKeys.Rules);
        if (json is null)
        {
            return null;
        }

        try
        {
            RulesConfiguration.Parse(json, [.. surfaces.Select(s => s.Key)]);
        }
        catch (FormatException e)
        {
            throw new InfraConfigurationException($"context '{ContextKeys.Rules}': {e.Message} (the functions would refuse to start with it).");
        }

        // Whitespace costs environment bytes and changes nothing.
        using var document = JsonDocument.Parse(json);
        var compact = JsonSerializer.Serialize(document.RootElement);
        return Encoding.UTF8.GetByteCount(compact) <= MaxRulesBytes
            ? compact
            : throw new InfraConfigurationException(
                $"context '{ContextKeys.Rules}' is {Encoding.UTF8.GetByteCount(compact)} bytes compacted; the functions' environment (4 KB in all) takes at most {MaxRulesBytes}.");
    }

    private static string ReadSchedule(ContextReader read)
    {
        var schedule = read.Text(ContextKeys.TrainingSchedule, "rate(1 day)");
        return (schedule.StartsWith("rate(", StringComparison.Ordinal) || schedule.StartsWith("cron(", StringComparison.Ordinal)) && schedule.EndsWith(')')
            ? schedule
            : throw ContextReader.Invalid(ContextKeys.TrainingSchedule, schedule, "an EventBridge schedule expression, rate(1 day) or cron(0 3 * * ? *)");
    }

    private void CheckCombinations()
    {
        if (!RetainData && DeletionProtection)
        {
            throw new InfraConfigurationException(
                $"context '{ContextKeys.RemovalPolicy}' is 'destroy' but '{ContextKeys.DeletionProtection}' is true: "
                + $"the tables could never be deleted; set -c {ContextKeys.DeletionProtection}=false as well.");
        }

        if (DeadlineMs >= Rank.TimeoutSeconds * 1000)
        {
            throw new InfraConfigurationException(
                $"context '{ContextKeys.DeadlineMs}' ({DeadlineMs}) must be below '{ContextKeys.RankTimeoutSeconds}' ({Rank.TimeoutSeconds} s): "
                + "the ranking deadline has to leave the function time to answer.");
        }

        if (FeedBatchSize > 10 && FeedBatchWindowSeconds < 1)
        {
            throw new InfraConfigurationException(
                $"context '{ContextKeys.FeedBatchSize}' is {FeedBatchSize}: batches above 10 need '{ContextKeys.FeedBatchWindowSeconds}' of at least 1 (a Lambda rule).");
        }

        if (FeedQueueVisibilitySeconds > 43_200)
        {
            throw new InfraConfigurationException(
                $"context '{ContextKeys.FeedRerankTimeoutSeconds}' and '{ContextKeys.FeedBatchWindowSeconds}' need a queue visibility timeout of "
                + $"{FeedQueueVisibilitySeconds} s (6 x timeout + window), above SQS's 43200 s.");
        }

        CheckJwt();
        if (AlarmEmail is not null && !EmailPattern().IsMatch(AlarmEmail))
        {
            throw ContextReader.Invalid(ContextKeys.AlarmEmail, AlarmEmail, "an e-mail address");
        }
    }

    private void CheckJwt()
    {
        if (ApiAuthorization != ApiAuthorization.Jwt)
        {
            if (JwtIssuer is not null || JwtAudience.Count > 0)
            {
                throw new InfraConfigurationException(
                    $"context '{ContextKeys.JwtIssuer}'/'{ContextKeys.JwtAudience}' are set but '{ContextKeys.ApiAuth}' is not 'jwt': "
                    + $"set -c {ContextKeys.ApiAuth}=jwt, or remove them.");
            }

            return;
        }

        if (JwtIssuer is null || !Uri.TryCreate(JwtIssuer, UriKind.Absolute, out var issuer) || issuer.Scheme != Uri.UriSchemeHttps)
        {
            throw ContextReader.Invalid(ContextKeys.JwtIssuer, JwtIssuer ?? "", $"the https URL of the OIDC issuer when '{ContextKeys.ApiAuth}' is 'jwt'");
        }

        if (JwtAudience.Count == 0)
        {
            throw ContextReader.Invalid(ContextKeys.JwtAudience, "", $"one or more audiences (comma-separated) when '{ContextKeys.ApiAuth}' is 'jwt'");
        }
    }

    private static List<KeyValuePair<string, string>> ParseSurfaces(string text)
    {
        var surfaces = new List<KeyValuePair<string, string>>();
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !SurfacePattern().IsMatch(parts[0]) || !ModelNamePattern().IsMatch(parts[1]))
            {
                throw ContextReader.Invalid(ContextKeys.Surfaces, text, $"surface=model pairs separated by ';' (surface [a-z0-9_-]{{1,32}}, model [A-Za-z0-9._-]{{1,64}}), e.g. {DefaultSurfaces}; '{entry}' is not one");
            }

            if (surfaces.Any(s => s.Key == parts[0]))
            {
                throw ContextReader.Invalid(ContextKeys.Surfaces, text, $"each surface once; '{parts[0]}' appears twice");
            }

            surfaces.Add(new(parts[0], parts[1]));
        }

        return surfaces.Count > 0 ? surfaces : throw ContextReader.Invalid(ContextKeys.Surfaces, text, $"at least one surface=model pair, e.g. {DefaultSurfaces}");
    }

    private static RetentionDays ReadRetention(ContextReader read)
    {
        var days = read.Integer(ContextKeys.LogRetentionDays, 30, 1, 3_653);
        // CloudWatch Logs accepts only these retention periods.
        return days switch
        {
            1 => RetentionDays.ONE_DAY,
            3 => RetentionDays.THREE_DAYS,
            5 => RetentionDays.FIVE_DAYS,
            7 => RetentionDays.ONE_WEEK,
            14 => RetentionDays.TWO_WEEKS,
            30 => RetentionDays.ONE_MONTH,
            60 => RetentionDays.TWO_MONTHS,
            90 => RetentionDays.THREE_MONTHS,
            120 => RetentionDays.FOUR_MONTHS,
            150 => RetentionDays.FIVE_MONTHS,
            180 => RetentionDays.SIX_MONTHS,
            365 => RetentionDays.ONE_YEAR,
            400 => RetentionDays.THIRTEEN_MONTHS,
            545 => RetentionDays.EIGHTEEN_MONTHS,
            731 => RetentionDays.TWO_YEARS,
            1096 => RetentionDays.THREE_YEARS,
            1827 => RetentionDays.FIVE_YEARS,
            2192 => RetentionDays.SIX_YEARS,
            2557 => RetentionDays.SEVEN_YEARS,
            2922 => RetentionDays.EIGHT_YEARS,
            3288 => RetentionDays.NINE_YEARS,
            3653 => RetentionDays.TEN_YEARS,
            _ => throw ContextReader.Invalid(ContextKeys.LogRetentionDays, days.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "a CloudWatch Logs retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653"),
        };
    }

    private static List<string> SplitList(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackNamePattern();

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex SurfacePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
