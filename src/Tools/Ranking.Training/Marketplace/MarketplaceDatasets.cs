using System.Globalization;
using Ranking.Core.Data;
using Ranking.Core.Evaluation;
using Ranking.Core.Features;
using Ranking.Stores.Files;
using Ranking.Training.Data;

namespace Ranking.Training.Marketplace;

/// <summary>
/// Turns a marketplace sample folder into ranking datasets: one row per impression, one query per session,
/// labels purchase 2 / click 1 / else 0. Rows are filled by <see cref="FeaturePlan.Fill"/>, the same code the
/// ranking server runs, with the session's user, query, context and time: no training/serving skew.
/// </summary>
public static class MarketplaceDatasets
{
    /// <param name="features">The features to fill, or null for the surface's default file (<c>samples/features/{surface}.json</c>).</param>
    public static MarketplaceSplit Load(string dataDir, string surface, IReadOnlyList<FeatureSpec>? features = null)
    {
        features ??= MarketplaceFeatures.For(surface);
        var records = SampleRecords.Read(dataDir);
        var sessions = SessionJsonl.Read(Path.Combine(dataDir, SampleGenerator.ImpressionsFile));
        return Split(sessions, records, surface, features);
    }

    internal static MarketplaceSplit Split(
        IReadOnlyList<MarketplaceSession> sessions,
        SampleRecords records,
        string surface,
        IReadOnlyList<FeatureSpec> features)
    {
        // A session without a click has no preferred order, so it teaches and measures nothing.
        var kept = sessions.Where(s => s.Surface == surface && s.Clicks.Count > 0).ToList();
        kept.Sort(static (a, b) =>
        {
            var byTime = a.Timestamp.CompareTo(b.Timestamp);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.SessionId, b.SessionId);
        });
        if (kept.Count < 3)
        {
            throw new InvalidDataException($"Only {kept.Count} '{surface}' sessions with a click: too few to split into train, valid and test.");
        }

        var trainCount = (int)(kept.Count * 0.70);
        var validCount = (int)(kept.Count * 0.15);
        var plan = FeaturePlan.Compile(features);
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i].Source == FeatureSource.Candidate)
            {
                throw new InvalidDataException(
                    $"features[{i}] ('{features[i].Name}'): source candidate is a number the request supplies, and logged sessions carry none.");
            }
        }

        var train = Build(plan, kept.GetRange(0, trainCount), records, out _);
        RequireVarying(train, features, surface);
        var test = Build(plan, kept.GetRange(trainCount + validCount, kept.Count - trainCount - validCount), records, out var testLikes);
        return new MarketplaceSplit
        {
            Features = features,
            Train = train,
            Valid = Build(plan, kept.GetRange(trainCount, validCount), records, out _),
            Test = test,
            PopularityBaseline = RankingEvaluator.Evaluate(test.Labels, testLikes, test.GroupSizes).ToDictionary(),
        };
    }

    /// <summary>
    /// A column with one value in every training row is a feature the sample cannot provide (a field no item or user has,
    /// a one-hot value never seen): it would train nothing and pass unnoticed, so it is refused by name.
    /// </summary>
    private static void RequireVarying(RankingDataset train, IReadOnlyList<FeatureSpec> features, string surface)
    {
        var width = train.FeatureCount;
        for (var c = 0; c < width; c++)
        {
            var first = train.Features[c];
            var varies = false;
            for (var r = 1; r < train.RowCount && !varies; r++)
            {
                varies = train.Features[(r * width) + c] != first;
            }

            if (!varies)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"features[{c}] ('{features[c].Name}'): every '{surface}' training row has the value {first}: the sample cannot provide it (check its source and field)."));
            }
        }
    }

    /// <param name="likes">Each row's item likes (0 when unknown), for the popularity baseline.</param>
    private static RankingDataset Build(
        FeaturePlan plan,
        List<MarketplaceSession> sessions,
        SampleRecords records,
        out float[] likes)
    {
        var rows = sessions.Sum(static s => s.Items.Count);
        var matrix = new float[rows * plan.Width];
        var labels = new float[rows];
        likes = new float[rows];
        var groups = new int[sessions.Count];
        var queryIds = new string[sessions.Count];
        var row = 0;
        for (var q = 0; q < sessions.Count; q++)
        {
            var session = sessions[q];
            var count = session.Items.Count;
            var candidates = new Candidate[count];
            var stored = new ItemRecord?[count];
            var shown = ShownOrder.Shuffled(session.SessionId, count);
            for (var i = 0; i < count; i++)
            {
                var position = shown[i];
                candidates[i] = new Candidate(session.Items[position]);
                stored[i] = records.Items.GetValueOrDefault(session.Items[position]);
                labels[row + i] = session.Purchases.Contains(position) ? 2 : session.Clicks.Contains(position) ? 1 : 0;
                likes[row + i] = stored[i] is { } item ? (float)item.Numbers.GetValueOrDefault("likes") : 0;
            }

            plan.Fill(records.ContextOf(session), candidates, stored, matrix.AsSpan(row * plan.Width, count * plan.Width));
            groups[q] = count;
            queryIds[q] = session.SessionId;
            row += count;
        }

        return new RankingDataset([.. plan.Features.Select(static f => f.Name)], matrix, labels, groups, queryIds);
    }
}
