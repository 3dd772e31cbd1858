using System.Diagnostics.Metrics;
using Ranking.Contracts;
using Ranking.Core.Ranking;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Monitoring;

namespace Ranking.Handlers.Metrics;

/// <summary>
/// Every metric of the platform, defined once as <see cref="System.Diagnostics.Metrics"/> instruments. Listeners
/// export them: the functions as EMF under <see cref="MetricNames"/> (see <see cref="EmfNaming"/>), serve at
/// <c>/metrics</c> in Prometheus text (see <see cref="MetricsCollector"/>). Each instance owns its own
/// <see cref="Meter"/>, so listeners attach to one instance (a function, a serve, a test) and never see another's.
/// </summary>
public sealed class RankingInstruments : IRankingMetrics, IDisposable
{
    public const string MeterName = "Ranking";
    public const string Surface = "surface";
    public const string ModelTag = "model";

    /// <summary>Milliseconds from a quarter to five seconds: a warm ranking takes about half of one, a cold or failing one seconds.</summary>
    private static readonly double[] s_latencyBuckets = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    private readonly Histogram<double> _rankLatency;
    private readonly Histogram<double> _featureLatency;
    private readonly Histogram<double> _scoringLatency;
    private readonly Counter<long> _candidates;
    private readonly Counter<long> _missingFeatures;
    private readonly Counter<long> _missingItems;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _removed;
    private readonly Counter<long> _boosted;
    private readonly Counter<long> _demoted;
    private readonly Counter<long> _pinned;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _storeFailures;
    private readonly Counter<long> _feeds;
    private readonly Counter<long> _feedsMalformed;
    private readonly Counter<long> _feedsEnqueued;
    private readonly Counter<long> _feedsEnqueueFailures;
    private readonly Counter<long> _modelsSwapped;
    private readonly Counter<long> _modelSwapFailures;
    private readonly Counter<long> _modelsValidated;
    private readonly Counter<long> _modelsPromoted;
    private readonly Counter<long> _modelsRejected;
    private readonly Gauge<long> _modelVersions;
    private readonly Counter<long> _modelPackageProblems;
    private readonly Counter<long> _modelSourceErrors;
    private readonly Gauge<double> _shadowCorrelation;
    private readonly Gauge<double> _shadowDifference;
    private readonly Counter<long> _shadowFailures;
    private readonly Counter<long> _guardrailTrips;
    private readonly Counter<long> _experimentLoadFailures;
    private readonly Gauge<double> _scorePsi;
    private readonly Gauge<double> _featurePsiMax;
    private readonly Gauge<double> _featurePsi;
    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _recordsDropped;
    private readonly Gauge<double> _trainingSeconds;
    private readonly Gauge<long> _trainingRows;

    public RankingInstruments()
    {
        Meter = new Meter(MeterName);
        _rankLatency = Histogram("ranking.rank.latency", "ms", "Server time of a ranking, from the parsed request to the ranked list", MetricNames.RankLatency);
        _featureLatency = Histogram("ranking.rank.feature_latency", "ms", "Time spent fetching the user's and the items' features", MetricNames.FeatureLatency);
        _scoringLatency = Histogram("ranking.rank.scoring_latency", "ms", "Time spent scoring the candidates", MetricNames.ScoringLatency);
        _candidates = Counter("ranking.rank.candidates", "Candidates received in rankings", MetricNames.Candidates);
        _missingFeatures = Counter("ranking.rank.missing_features", "Feature values a ranking had to default", MetricNames.MissingFeatures);
        _missingItems = Counter("ranking.rank.missing_items", "Candidates the item store did not know", MetricNames.MissingItems);
        _fallbacks = Counter("ranking.rank.fallbacks", "Rankings answered in fallback order, by reason (0 is added for every other ranking)", MetricNames.FallbackPrefix, by: "reason", total: MetricNames.Fallback);
        _removed = Counter("ranking.rules.removed", "Candidates the business rules removed, by reason (duplicate, inactive, excluded, filter_<name>)", MetricNames.RemovedPrefix, by: "reason");
        _boosted = Counter("ranking.rules.boosted", "Items whose score a boost changed, by boost", MetricNames.BoostedPrefix, by: "rule");
        _demoted = Counter("ranking.rules.demoted", "Items a diversity cap held back, by capped attribute", MetricNames.DemotedPrefix, by: "attribute");
        _pinned = Counter("ranking.rules.pinned", "Items a request pinned to a position", MetricNames.Pinned);
        _rejected = Counter("ranking.requests.rejected", "Requests refused, by error code", MetricNames.RejectedPrefix, by: "code");
        _storeFailures = Counter("ranking.store.failures", "Feature store reads that failed or timed out (the ranking went on with defaults)", MetricNames.StoreFailures);
        _feeds = Counter("ranking.feeds.processed", "Stored feeds re-ranked, by outcome", "Feeds", by: "outcome");
        _feedsMalformed = Counter("ranking.feeds.malformed", "Re-rank messages that could not be read", MetricNames.FeedsMalformed);
        _feedsEnqueued = Counter("ranking.feeds.enqueued", "Re-rank messages a backfill segment sent", MetricNames.FeedsEnqueued);
        _feedsEnqueueFailures = Counter("ranking.feeds.enqueue_failures", "Re-rank messages a backfill segment failed to send", MetricNames.FeedsEnqueueFailures);
        _modelsSwapped = Counter("ranking.models.swapped", "New model versions that replaced the one serving (hot swaps; not the first load)", MetricNames.ModelsSwapped);
        _modelSwapFailures = Counter("ranking.models.swap_failures", "New versions that could not be loaded (the current one kept serving)", MetricNames.ModelSwapFailures);
        _modelsValidated = Counter("ranking.models.validated", "Versions that passed every promotion gate", MetricNames.ModelsValidated);
        _modelsPromoted = Counter("ranking.models.promoted", "Versions promoted to live", MetricNames.ModelsPromoted);
        _modelsRejected = Counter("ranking.models.rejected", "Versions a promotion gate refused, by gate", MetricNames.ModelsRejectedPrefix, by: "gate", total: MetricNames.ModelsRejected);
        _modelVersions = Meter.CreateGauge<long>("ranking.models.versions", null, "Model versions in the registry", Naming(MetricNames.ModelVersions));
        _modelPackageProblems = Counter("ranking.models.package_problems", "Registered versions whose package could not be checked", MetricNames.ModelPackageProblems);
        _modelSourceErrors = Counter("ranking.models.source_errors", "Model registry or bucket reads that failed", MetricNames.ModelSourceErrors);
        _shadowCorrelation = Gauge("ranking.shadow.rank_correlation", "Rank correlation of the challenger's order with the live model's, last shadowed request", MetricNames.ShadowRankCorrelation);
        _shadowDifference = Gauge("ranking.shadow.score_difference", "Mean |score difference| of challenger and live model, last shadowed request", MetricNames.ShadowScoreDifference);
        _shadowFailures = Counter("ranking.shadow.failures", "Shadow scorings that failed (the response was unaffected)", MetricNames.ShadowFailures);
        _guardrailTrips = Counter("ranking.experiments.guardrail_trips", "Experiment variants whose guardrail stopped their traffic", MetricNames.ExperimentGuardrailTrips);
        _experimentLoadFailures = Counter("ranking.experiments.load_failures", "Experiments that could not be read or loaded (the live model served)", MetricNames.ExperimentLoadFailures);
        _scorePsi = Gauge("ranking.drift.score_psi", "Population stability index of the scores over the last drift window", MetricNames.ScorePsi);
        _featurePsiMax = Gauge("ranking.drift.feature_psi_max", "The largest feature PSI of the last drift window", MetricNames.FeaturePsiMax);
        _featurePsi = Gauge("ranking.drift.feature_psi", "Population stability index of each feature over the last drift window", MetricNames.FeaturePsiPrefix, by: "feature");
        _eventsAccepted = Counter("ranking.events.accepted", "Feedback events logged", MetricNames.EventsAccepted);
        _eventsRejected = Counter("ranking.events.rejected", "Feedback events refused (invalid, or not logged)", MetricNames.EventsRejected);
        _recordsDropped = Counter("ranking.records.dropped", "Impression or event records that could not be written, by log", MetricNames.RecordLogFailures);
        _trainingSeconds = Meter.CreateGauge<double>("ranking.training.duration", "s", "Seconds from the dataset download to the trained model", Naming(MetricNames.TrainingSeconds));
        _trainingRows = Meter.CreateGauge<long>("ranking.training.rows", null, "Rows the model trained on", Naming(MetricNames.TrainingRows));
    }

    public Meter Meter { get; }

    public void RankServed(string surface, RankResult result, int candidates, double totalMs)
    {
        var on = Tag(surface);
        if (result.Model is { } model)
        {
            _rankLatency.Record(totalMs, on, new KeyValuePair<string, object?>(ModelTag, model.Label));
        }
        else
        {
            _rankLatency.Record(totalMs, on);
        }

        _featureLatency.Record(result.Timings.FeaturesMs, on);
        _scoringLatency.Record(result.Timings.ScoringMs, on);
        _candidates.Add(candidates, on);
        _missingFeatures.Add(result.MissingFeatures, on);
        _missingItems.Add(result.MissingItems, on);
        if (result.Fallback is { } reason)
        {
            _fallbacks.Add(1, on, new KeyValuePair<string, object?>("reason", KnownFallback(reason)));
        }
        else
        {
            _fallbacks.Add(0, on);
        }
    }

    /// <summary>Only what is non-zero, as before: a ranking no rule touched writes nothing.</summary>
    public void RulesApplied(string surface, RuleCounts counts)
    {
        var on = Tag(surface);
        AddIfAny(_removed, counts.Duplicates, on, "reason", "duplicate");
        AddIfAny(_removed, counts.Inactive, on, "reason", "inactive");
        AddIfAny(_removed, counts.Excluded, on, "reason", "excluded");
        if (counts.Pinned > 0)
        {
            _pinned.Add(counts.Pinned, on);
        }

        var settings = counts.Rules.Settings;
        for (var i = 0; i < counts.Filtered.Length; i++)
        {
            AddIfAny(_removed, counts.Filtered[i], on, "reason", "filter_" + settings.Filters[i].Name);
        }

        for (var i = 0; i < counts.Boosted.Length; i++)
        {
            AddIfAny(_boosted, counts.Boosted[i], on, "rule", settings.Boosts[i].Name);
        }

        for (var i = 0; i < counts.Demoted.Length; i++)
        {
            AddIfAny(_demoted, counts.Demoted[i], on, "attribute", settings.Diversity[i].Attribute);
        }
    }

    public void RankRejected(string code) => _rejected.Add(1, new KeyValuePair<string, object?>("code", code));

    public void StoreFailed(string surface) => _storeFailures.Add(1, Tag(surface));

    public void FeedProcessed(string surface, FeedRerankOutcome outcome) => _feeds.Add(1, Tag(surface), new KeyValuePair<string, object?>("outcome", outcome switch
    {
        FeedRerankOutcome.Ranked => "ranked",
        FeedRerankOutcome.Stale => "stale",
        FeedRerankOutcome.Empty => "empty",
        FeedRerankOutcome.Superseded => "superseded",
        _ => "failed",
    }));

    /// <summary>A re-rank that failed before the handler knew its outcome (a message the function could not even process).</summary>
    public void FeedFailed(string surface) => FeedProcessed(surface, FeedRerankOutcome.Failed);

    public void FeedsMalformed(int count) => _feedsMalformed.Add(count);

    public void FeedsEnqueued(string surface, long sent, long failed)
    {
        _feedsEnqueued.Add(sent, Tag(surface));
        _feedsEnqueueFailures.Add(failed, Tag(surface));
    }

    public void ModelSwapped(string surface) => _modelsSwapped.Add(1, Tag(surface));

    public void ModelSwapFailed(string surface) => _modelSwapFailures.Add(1, Tag(surface));

    public void ModelValidated() => _modelsValidated.Add(1);

    public void ModelPromoted() => _modelsPromoted.Add(1);

    public void ModelRejected(string gate) => _modelsRejected.Add(1, new KeyValuePair<string, object?>("gate", gate));

    /// <summary>A scan of the registry: how many versions it holds, and how many of their packages could not be checked.</summary>
    public void ModelsScanned(int versions, int packageProblems)
    {
        _modelVersions.Record(versions);
        _modelPackageProblems.Add(packageProblems);
    }

    public void ModelSourceFailed() => _modelSourceErrors.Add(1);

    public void ShadowCompared(string surface, double correlation, double meanAbsDifference)
    {
        _shadowCorrelation.Record(correlation, Tag(surface));
        _shadowDifference.Record(meanAbsDifference, Tag(surface));
    }

    public void ShadowFailed(string surface) => _shadowFailures.Add(1, Tag(surface));

    public void ExperimentGuardrailTripped(string surface) => _guardrailTrips.Add(1, Tag(surface));

    public void ExperimentLoadFailed(string surface) => _experimentLoadFailures.Add(1, Tag(surface));

    public void DriftMeasured(string surface, DriftReading reading)
    {
        var on = Tag(surface);
        _scorePsi.Record(reading.ScorePsi, on);
        _featurePsiMax.Record(reading.FeaturePsi.Length == 0 ? 0 : reading.FeaturePsi.Max(), on);
        for (var f = 0; f < reading.Features.Count; f++)
        {
            _featurePsi.Record(reading.FeaturePsi[f], on, new KeyValuePair<string, object?>("feature", reading.Features[f]));
        }
    }

    public void EventsReceived(int accepted, int rejected)
    {
        _eventsAccepted.Add(accepted);
        _eventsRejected.Add(rejected);
    }

    public void RecordLogFailed(string log) => _recordsDropped.Add(1, new KeyValuePair<string, object?>("log", log));

    public void Trained(string surface, double seconds, long rows)
    {
        _trainingSeconds.Record(seconds, Tag(surface));
        _trainingRows.Record(rows, Tag(surface));
    }

    public void Dispose() => Meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string surface) => new(Surface, surface);

    private static void AddIfAny(Counter<long> counter, int count, KeyValuePair<string, object?> surface, string key, string value)
    {
        if (count > 0)
        {
            counter.Add(count, surface, new KeyValuePair<string, object?>(key, value));
        }
    }

    /// <summary>The reasons the core gives; anything else is counted as <c>other</c>, so a new reason cannot grow the series unbounded.</summary>
    private static string KnownFallback(string reason) => reason switch
    {
        FallbackReason.ModelUnavailable => FallbackReason.ModelUnavailable,
        FallbackReason.ScoringFailed => FallbackReason.ScoringFailed,
        FallbackReason.Deadline => FallbackReason.Deadline,
        _ => "other",
    };

    private static KeyValuePair<string, object?>[] Naming(string emfName, string? by = null, string? total = null) =>
    [
        new(EmfNaming.NameTag, emfName),
        .. by is null ? Array.Empty<KeyValuePair<string, object?>>() : [new(EmfNaming.ByTag, by)],
        .. total is null ? Array.Empty<KeyValuePair<string, object?>>() : [new(EmfNaming.TotalTag, total)],
    ];

    private Counter<long> Counter(string name, string description, string emfName, string? by = null, string? total = null) =>
        Meter.CreateCounter<long>(name, null, description, Naming(emfName, by, total));

    /// <summary>A dimensionless value (a correlation, a PSI): unit <c>1</c>.</summary>
    private Gauge<double> Gauge(string name, string description, string emfName, string? by = null) =>
        Meter.CreateGauge<double>(name, "1", description, Naming(emfName, by));

    private Histogram<double> Histogram(string name, string unit, string description, string emfName) =>
        Meter.CreateHistogram(name, unit, description, Naming(emfName), new InstrumentAdvice<double> { HistogramBucketBoundaries = s_latencyBuckets });
}
