
namespace Ranking.Training.Experiments;

/// <summary>A metric of a variant: the value over all its impressions and a 95% bootstrap interval over users.</summary>
public sealed record MetricEstimate(double Value, double Low, double High);

/// <summary>A variant's difference from the control on one metric, with its 95% interval and two-sided p-value.</summary>
public sealed record MetricDifference(double Value, double Low, double High, double PValue);

public sealed record VariantResult(
    string Variant,
    long Impressions,
    long Users,
    MetricEstimate CtrAtK,
    MetricEstimate PurchasesPerImpression,
    MetricEstimate Ndcg10,
    IReadOnlyDictionary<string, MetricDifference>? VersusControl);

/// <summary>Under interleaving: how many impressions each team won (more clicks on its items), the ties, and the binomial test.</summary>
public sealed record InterleavingResult(string TeamA, string TeamB, long Impressions, long WinsA, long WinsB, long Ties, double PValue)
{
    /// <summary>The share of decided impressions won by team A (0.5 when none was decided).</summary>
    public double PreferenceA => WinsA + WinsB == 0 ? 0.5 : WinsA / (double)(WinsA + WinsB);
}

/// <summary>One day of one variant (A/B: CTR@k; interleaving: team A's share of decided impressions).</summary>
public sealed record DailyPoint(DateOnly Day, string Variant, long Impressions, double Value);

/// <summary>
/// <c>experiments report</c>'s statistics. Metrics are ratios over all of a variant's impressions (CTR@k: impressions
/// with a click in the top k; purchases per impression; NDCG@10 against clicks, over impressions with a click). Users
/// are the unit of randomisation, so the intervals and p-values come from resampling users, not impressions (a user's
/// impressions are correlated): percentile bootstrap, each variant resampled on its own.
/// </summary>
public sealed class ExperimentReport
{
    public const string CtrMetric = "ctr";
    public const string PurchasesMetric = "purchasesPerImpression";
    public const string NdcgMetric = "ndcg@10";

    public required string ExperimentId { get; init; }
    public required string Mode { get; init; }

    /// <summary>The variant the others were compared with.</summary>
    public required string Control { get; init; }
    public required int K { get; init; }
    public required int BootstrapSamples { get; init; }
    public required IReadOnlyList<VariantResult> Variants { get; init; }
    public InterleavingResult? Interleaving { get; init; }
    public required IReadOnlyList<DailyPoint> Daily { get; init; }

    /// <param name="control">The variant the others are compared with; by default "control" when present, else the first by name.</param>
    public static ExperimentReport Build(string experimentId, IReadOnlyList<ImpressionOutcome> outcomes, int k, int bootstrapSamples = 1000, int seed = 42, string? control = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
        {
            throw new ArgumentException("no impressions to report on", nameof(outcomes));
        }

        var mode = outcomes[0].Mode;
        var interleaved = string.Equals(mode, "interleave", StringComparison.Ordinal);
        var byVariant = outcomes.GroupBy(o => o.Variant, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        control ??= byVariant.Any(g => g.Key == "control") ? "control" : byVariant[0].Key;
        var random = new Random(seed);
        var units = byVariant.ToDictionary(g => g.Key, g => Units(g), StringComparer.Ordinal);
        var samples = units.ToDictionary(u => u.Key, u => Resample(u.Value, bootstrapSamples, random), StringComparer.Ordinal);
        var variants = new List<VariantResult>();
        foreach (var group in byVariant)
        {
            var variantUnits = units[group.Key];
            var own = samples[group.Key];
            IReadOnlyDictionary<string, MetricDifference>? versus = null;
            if (!interleaved && group.Key != control && samples.TryGetValue(control, out var baseline))
            {
                var controlUnits = units[control];
                versus = new Dictionary<string, MetricDifference>(StringComparer.Ordinal)
                {
                    [CtrMetric] = Difference(Totals.Ctr(variantUnits) - Totals.Ctr(controlUnits), own, baseline, s => s.Ctr),
                    [PurchasesMetric] = Difference(Totals.PurchaseRate(variantUnits) - Totals.PurchaseRate(controlUnits), own, baseline, s => s.Purchases),
                    [NdcgMetric] = Difference(Totals.Ndcg(variantUnits) - Totals.Ndcg(controlUnits), own, baseline, s => s.Ndcg),
                };
            }

            variants.Add(new VariantResult(
                group.Key,
                group.LongCount(),
                variantUnits.Length,
                Estimate(Totals.Ctr(variantUnits), own, s => s.Ctr),
                Estimate(Totals.PurchaseRate(variantUnits), own, s => s.Purchases),
                Estimate(Totals.Ndcg(variantUnits), own, s => s.Ndcg),
                versus));
        }

        return new ExperimentReport
        {
            ExperimentId = experimentId,
            Mode = mode,
            Control = control,
            K = k,
            BootstrapSamples = bootstrapSamples,
            Variants = variants,
            Interleaving = interleaved ? Interleave(outcomes) : null,
            Daily = DailyPoints(outcomes, interleaved),
        };
    }

    private static InterleavingResult Interleave(IReadOnlyList<ImpressionOutcome> outcomes)
    {
        var teams = outcomes.Select(o => o.Variant).Concat(outcomes.Select(o => o.Winner).OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var a = teams.Contains("control") ? "control" : teams[0];
        var b = teams.FirstOrDefault(t => t != a) ?? "";
        var winsA = outcomes.LongCount(o => o.Winner == a);
        var winsB = outcomes.LongCount(o => o.Winner == b);
        return new InterleavingResult(a, b, outcomes.Count, winsA, winsB, outcomes.Count - winsA - winsB, BinomialTest.TwoSided(winsA, winsA + winsB));
    }

    private static List<DailyPoint> DailyPoints(IReadOnlyList<ImpressionOutcome> outcomes, bool interleaved)
    {
        if (interleaved)
        {
            return [.. outcomes.GroupBy(o => o.Day).OrderBy(g => g.Key).Select(g =>
            {
                var result = Interleave([.. g]);
                return new DailyPoint(g.Key, result.TeamA, g.LongCount(), result.PreferenceA);
            })];
        }

        return [.. outcomes.GroupBy(o => (o.Day, o.Variant)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Variant, StringComparer.Ordinal)
            .Select(g => new DailyPoint(g.Key.Day, g.Key.Variant, g.LongCount(), g.Count(o => o.ClickedAtK) / (double)g.Count()))];
    }

    /// <summary>Per user: impressions, impressions clicked in the top k, purchases, NDCG sum and impressions with a click.</summary>
    private static Totals[] Units(IEnumerable<ImpressionOutcome> outcomes) =>
        [.. outcomes.GroupBy(o => o.Unit, StringComparer.Ordinal).Select(g =>
        {
            var totals = default(Totals);
            foreach (var o in g)
            {
                totals.Impressions++;
                totals.Clicked += o.ClickedAtK ? 1 : 0;
                totals.Purchases += o.Purchases;
                if (o.Ndcg10 is { } ndcg)
                {
                    totals.NdcgSum += ndcg;
                    totals.NdcgCount++;
                }
            }

            return totals;
        })];

    private static List<(double Ctr, double Purchases, double Ndcg)> Resample(Totals[] units, int samples, Random random)
    {
        var results = new List<(double, double, double)>(samples);
        for (var s = 0; s < samples; s++)
        {
            var sum = default(Totals);
            for (var i = 0; i < units.Length; i++)
            {
                sum.Add(units[random.Next(units.Length)]);
            }

            results.Add((sum.Ctr(), sum.PurchaseRate(), sum.Ndcg()));
        }

        return results;
    }

    private static MetricEstimate Estimate(double value, List<(double Ctr, double Purchases, double Ndcg)> samples, Func<(double Ctr, double Purchases, double Ndcg), double> metric)
    {
        var sorted = samples.Select(metric).Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? new MetricEstimate(value, double.NaN, double.NaN) : new MetricEstimate(value, Percentile(sorted, 0.025), Percentile(sorted, 0.975));
    }

    private static MetricDifference Difference(
        double value, List<(double Ctr, double Purchases, double Ndcg)> variant, List<(double Ctr, double Purchases, double Ndcg)> control, Func<(double Ctr, double Purchases, double Ndcg), double> metric)
    {
        var differences = variant.Zip(control, (v, c) => metric(v) - metric(c)).Where(double.IsFinite).Order().ToArray();
        if (differences.Length == 0)
        {
            return new MetricDifference(value, double.NaN, double.NaN, double.NaN);
        }

        var below = differences.Count(d => d <= 0) / (double)differences.Length;
        var above = differences.Count(d => d >= 0) / (double)differences.Length;
        // Two-sided: how often the resampled difference reaches the other side of zero; at least one resample's worth.
        var p = Math.Clamp(2 * Math.Min(below, above), 1.0 / differences.Length, 1);
        return new MetricDifference(value, Percentile(differences, 0.025), Percentile(differences, 0.975), p);
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>Sums over impressions; the metrics are ratios of sums.</summary>
    private struct Totals
    {
        public long Impressions;
        public long Clicked;
        public long Purchases;
        public double NdcgSum;
        public long NdcgCount;

        public void Add(in Totals other)
        {
            Impressions += other.Impressions;
            Clicked += other.Clicked;
            Purchases += other.Purchases;
            NdcgSum += other.NdcgSum;
            NdcgCount += other.NdcgCount;
        }

        public readonly double Ctr() => Impressions == 0 ? 0 : Clicked / (double)Impressions;

        public readonly double PurchaseRate() => Impressions == 0 ? 0 : Purchases / (double)Impressions;

        /// <summary>NaN without a clicked impression: a resample that drew none says nothing about NDCG (left out of the interval).</summary>
        public readonly double Ndcg() => NdcgCount == 0 ? double.NaN : NdcgSum / NdcgCount;

        public static double Ctr(Totals[] units) => Sum(units).Ctr();

        public static double PurchaseRate(Totals[] units) => Sum(units).PurchaseRate();

        public static double Ndcg(Totals[] units) => Sum(units).Ndcg();

        private static Totals Sum(Totals[] units)
        {
            var sum = default(Totals);
            foreach (var unit in units)
            {
                sum.Add(unit);
            }

            return sum;
        }
    }
}
