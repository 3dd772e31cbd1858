using System.Globalization;
using Ranking.Contracts;
using Ranking.Contracts.Rules;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Models;
using Ranking.Lambda.Runtime;

namespace Ranking.Functions.Hosting.Configuration;

/// <summary>A function's configuration, read from the environment once at init and validated there.</summary>
public sealed class FunctionSettings
{
    public string? ItemsTable { get; init; }
    public string? UsersTable { get; init; }
    public string? FeedsTable { get; init; }
    public string? ModelsTable { get; init; }
    public string? ModelsBucket { get; init; }
    public string? FeedQueueUrl { get; init; }
    /// <summary>When set, models come from this folder (<c>&lt;name&gt;/&lt;version&gt;/manifest.json</c>) instead of the bucket.</summary>
    public string? ModelDirectory { get; init; }
    public required IReadOnlyDictionary<string, string> Surfaces { get; init; }
    public int MaxCandidates { get; init; } = 1000;
    public int MaxBodyBytes { get; init; } = 1024 * 1024;
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(250);
    public string MetricsNamespace { get; init; } = MetricNames.Namespace;
    /// <summary>How often a function re-reads which model version is live (hot swap).</summary>
    public TimeSpan ModelTtl { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>The longest a model check (live version, download, load) may take before the current models keep serving.</summary>
    public TimeSpan ModelCheckTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Challengers scored in the shadow, per surface (<c>RANKING_SHADOW</c>, e.g. <c>feed=feed-ltr:2@0.1</c>).</summary>
    public IReadOnlyDictionary<string, ShadowMap.Entry> Shadows { get; init; } = new Dictionary<string, ShadowMap.Entry>();
    /// <summary>Promotion gate: how far below the live model's holdout NDCG@10 a candidate may score.</summary>
    public double QualityTolerance { get; init; } = 0.005;
    /// <summary>Promotion gate: the budget for scoring 500 rows.</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(50);
    /// <summary>Promotion gates: the ranking functions ship without ONNX Runtime, so a model the native scorer refuses is rejected.</summary>
    public bool TreesOnly { get; init; }
    /// <summary>
    /// What is logged of ranked responses (<c>RANKING_LOG_SAMPLE</c>, <c>RANKING_LOG_TOP</c>): DESIGN.md's default is
    /// every response of every surface; <c>feed=0</c> turns a surface off. The records are written after the
    /// response is posted, and the CDK app routes them to the bucket.
    /// </summary>
    public ImpressionLogOptions Impressions { get; init; } = new();
    /// <summary>Each surface's business rules (<c>RANKING_RULES</c>, JSON); a surface it leaves out keeps the defaults.</summary>
    public IReadOnlyDictionary<string, SurfaceRulesSettings> Rules { get; init; } = new Dictionary<string, SurfaceRulesSettings>();
    /// <summary>Messages of one SQS batch processed at once.</summary>
    public int FeedConcurrency { get; init; } = 4;

    /// <exception cref="ConfigurationException">A variable the function needs is missing or malformed.</exception>
    public static FunctionSettings Load(IEnvironment environment, FunctionNeeds needs)
    {
        var reader = new SettingsReader(environment);
        var modelDirectory = reader.Optional(EnvironmentNames.ModelDirectory);
        var surfaces = reader.Surfaces(EnvironmentNames.Surfaces);
        var logTop = reader.Integer(EnvironmentNames.LogTop, int.MaxValue, 1, int.MaxValue);
        var settings = new FunctionSettings
        {
            ItemsTable = reader.TableName(EnvironmentNames.ItemsTable, needs.HasFlag(FunctionNeeds.Items)),
            UsersTable = reader.TableName(EnvironmentNames.UsersTable, needs.HasFlag(FunctionNeeds.Users)),
            FeedsTable = reader.TableName(EnvironmentNames.FeedsTable, needs.HasFlag(FunctionNeeds.Feeds)),
            ModelsTable = reader.TableName(EnvironmentNames.ModelsTable, needs.HasFlag(FunctionNeeds.Registry)),
            ModelsBucket = reader.BucketName(EnvironmentNames.ModelsBucket, needs.HasFlag(FunctionNeeds.Bucket) || (needs.HasFlag(FunctionNeeds.Models) && modelDirectory is null)),
            ModelDirectory = modelDirectory,
            FeedQueueUrl = reader.QueueUrl(EnvironmentNames.FeedQueueUrl, needs.HasFlag(FunctionNeeds.Queue)),
            Surfaces = surfaces,
            Shadows = reader.Shadows(EnvironmentNames.Shadow, surfaces),
            MaxCandidates = reader.Integer(EnvironmentNames.MaxCandidates, 1000, 1, 10_000),
            MaxBodyBytes = reader.Integer(EnvironmentNames.MaxBodyBytes, 1024 * 1024, 1024, 6 * 1024 * 1024),
            Deadline = TimeSpan.FromMilliseconds(reader.Integer(EnvironmentNames.DeadlineMs, 250, 1, 30_000)),
            MetricsNamespace = reader.Text(EnvironmentNames.MetricsNamespace, MetricNames.Namespace, 255),
            FeedConcurrency = reader.Integer(EnvironmentNames.FeedConcurrency, 4, 1, 64),
            ModelTtl = TimeSpan.FromSeconds(reader.Integer(EnvironmentNames.ModelTtlSeconds, 60, 1, 3600)),
            ModelCheckTimeout = TimeSpan.FromMilliseconds(reader.Integer(EnvironmentNames.ModelCheckTimeoutMs, 3000, 100, 60_000)),
            QualityTolerance = reader.Fraction(EnvironmentNames.QualityTolerance, 0.005),
            LatencyBudget = TimeSpan.FromMilliseconds(reader.Integer(EnvironmentNames.LatencyBudgetMs, 50, 1, 60_000)),
            TreesOnly = reader.Flag(EnvironmentNames.TreesOnly),
            Rules = reader.Rules(EnvironmentNames.Rules, surfaces),
            Impressions = new ImpressionLogOptions
            {
                Sample = reader.LogSample(EnvironmentNames.LogSample, surfaces),
                Top = logTop,
            },
        };

        if (modelDirectory is not null && !Directory.Exists(modelDirectory))
        {
            throw new ConfigurationException($"{EnvironmentNames.ModelDirectory} is '{modelDirectory}', which is not a directory.");
        }

        return settings;
    }

    private sealed class SettingsReader(IEnvironment environment)
    {
        public string? Optional(string name) => environment.Get(name) is { Length: > 0 } value ? value.Trim() : null;

        public string? TableName(string name, bool required)
        {
            var value = Required(name, required);
            if (value is not null && (value.Length is < 3 or > 255 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
            {
                throw new ConfigurationException($"{name} is '{value}', not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .).");
            }

            return value;
        }

        public string? BucketName(string name, bool required)
        {
            var value = Required(name, required);
            if (value is not null && (value.Length is < 3 or > 63 || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
            {
                throw new ConfigurationException($"{name} is '{value}', not an S3 bucket name (3-63 of a-z 0-9 - .).");
            }

            return value;
        }

        public string? QueueUrl(string name, bool required)
        {
            var value = Required(name, required);
            return value is null || (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
                ? value
                : throw new ConfigurationException($"{name} is '{value}', not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>).");
        }

        public IReadOnlyDictionary<string, string> Surfaces(string name)
        {
            var value = Required(name, true)!;
            try
            {
                return SurfaceMap.Parse(value);
            }
            catch (FormatException e)
            {
                throw new ConfigurationException($"{name} is '{value}': {e.Message} (expected e.g. feed=feed-ltr;search=search-ltr).");
            }
        }

        public IReadOnlyDictionary<string, ShadowMap.Entry> Shadows(string name, IReadOnlyDictionary<string, string> surfaces)
        {
            try
            {
                return ShadowMap.Parse(Optional(name), surfaces.Keys);
            }
            catch (FormatException e)
            {
                throw new ConfigurationException($"{name}: {e.Message}.");
            }
        }

        public IReadOnlyDictionary<string, SurfaceRulesSettings> Rules(string name, IReadOnlyDictionary<string, string> surfaces)
        {
            try
            {
                return RulesConfiguration.Parse(Optional(name), [.. surfaces.Keys]);
            }
            catch (FormatException e)
            {
                throw new ConfigurationException($"{name}: {e.Message}.");
            }
        }

        public IReadOnlyDictionary<string, double> LogSample(string name, IReadOnlyDictionary<string, string> surfaces)
        {
            try
            {
                return LogSampleMap.Parse(Optional(name), surfaces.Keys);
            }
            catch (FormatException e)
            {
                throw new ConfigurationException($"{name}: {e.Message} (expected e.g. feed=0.1;search=1).");
            }
        }

        public int Integer(string name, int fallback, int min, int max)
        {
            var value = Optional(name);
            if (value is null)
            {
                return fallback;
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
                ? number
                : throw new ConfigurationException($"{name} is '{value}', expected an integer from {min} to {max}.");
        }

        public double Fraction(string name, double fallback)
        {
            var value = Optional(name);
            if (value is null)
            {
                return fallback;
            }

            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1
                ? number
                : throw new ConfigurationException($"{name} is '{value}', expected a number from 0 to 1.");
        }

        public bool Flag(string name) => Optional(name) switch
        {
            null or "false" => false,
            "true" => true,
            var value => throw new ConfigurationException($"{name} is '{value}', expected true or false."),
        };

        public string Text(string name, string fallback, int maxLength)
        {
            var value = Optional(name) ?? fallback;
            return value.Length <= maxLength ? value : throw new ConfigurationException($"{name} must be at most {maxLength} characters.");
        }

        private string? Required(string name, bool required)
        {
            var value = Optional(name);
            return value is null && required ? throw new ConfigurationException($"{name} is not set; this function needs it.") : value;
        }
    }
}
