using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Handlers.Events;
using Ranking.Handlers.Impressions;

namespace Ranking.Training.Marketplace;

/// <summary>
/// The sample's sessions as production logs (DESIGN.md, "The learning loop"): one impression record per session and
/// one event record per click and purchase, written by the code <c>serve --log-dir</c> runs, under
/// <c>logs/{impressions,events}/dt=YYYY-MM-DD/hour=HH/sample.jsonl</c> by each record's time; and <c>truth/truth.jsonl</c>,
/// the probabilities each shown item's behaviour was drawn from.
/// </summary>
internal static class SampleLogs
{
    public const string LogsFolder = "logs";
    public const string LogFile = "sample.jsonl";
    public const string TruthFolder = "truth";
    public const string TruthFile = "truth.jsonl";

    /// <summary>The ranker named in every impression record: the generator's legacy ranker, which chose the shown order.</summary>
    public const string LegacyModel = "legacy";
    public const string LegacyVersion = "1";

    public const string Click = "click";
    public const string Purchase = "purchase";

    /// <summary>
    /// Writes the logs and the truth of <paramref name="sample"/>, whose items and users must already be in
    /// <paramref name="directory"/>: the logged values are computed from those files as the embedded store reads them,
    /// so they equal what <c>serve</c> computes for the same request at the session's time.
    /// </summary>
    /// <returns>The bytes of the logs and of the truth.</returns>
    public static (long Logs, long Truth) Write(MarketplaceSample sample, string directory)
    {
        RemoveOld(directory);
        var files = new HourlyLogFiles(Path.Combine(directory, LogsFolder), LogFile);
        WriteImpressions(sample, directory, files);
        WriteEvents(sample, files);
        var logBytes = files.Flush();
        var truth = Path.Combine(directory, TruthFolder, TruthFile);
        Directory.CreateDirectory(Path.GetDirectoryName(truth)!);
        SampleTruth.Write(sample, truth);
        return (logBytes, new FileInfo(truth).Length);
    }

    /// <summary>
    /// Deletes a previous run's logs and truth, which would contradict a sample written over them with another seed
    /// or size. Only the generator's own files: a folder also used as <c>serve --log-dir</c> keeps serve's.
    /// </summary>
    public static void RemoveOld(string directory)
    {
        var logs = Path.Combine(directory, LogsFolder);
        if (Directory.Exists(logs))
        {
            foreach (var old in Directory.EnumerateFiles(logs, LogFile, SearchOption.AllDirectories))
            {
                File.Delete(old);
            }
        }

        var truth = Path.Combine(directory, TruthFolder, TruthFile);
        if (File.Exists(truth))
        {
            File.Delete(truth);
        }
    }

    private static void WriteImpressions(MarketplaceSample sample, string directory, HourlyLogFiles files)
    {
        var records = SampleRecords.Read(directory);
        var plans = new Dictionary<string, (FeaturePlan Plan, string[] Names)>(StringComparer.Ordinal);
        foreach (var session in sample.Sessions)
        {
            if (!plans.TryGetValue(session.Surface, out var plan))
            {
                var features = MarketplaceFeatures.For(session.Surface);
                plan = (FeaturePlan.Compile(features), [.. features.Select(static f => f.Name)]);
                plans.Add(session.Surface, plan);
            }

            files.RecordTime = session.Timestamp;
            Record(session, plan.Plan, plan.Names, records).WriteTo(files);
        }
    }

    private static ImpressionRecord Record(
        MarketplaceSession session, FeaturePlan plan, string[] names, SampleRecords records)
    {
        var truth = TruthOf(session);
        var count = session.Items.Count;
        var candidates = new Candidate[count];
        var stored = new ItemRecord?[count];
        for (var k = 0; k < count; k++)
        {
            candidates[k] = new Candidate(session.Items[k]);
            stored[k] = records.Items.GetValueOrDefault(session.Items[k]);
        }

        var matrix = new float[count * plan.Width];
        plan.Fill(records.ContextOf(session), candidates, stored, matrix);
        var logged = new ImpressionRecordItem[count];
        for (var k = 0; k < count; k++)
        {
            logged[k] = new ImpressionRecordItem(session.Items[k], (float)truth.LegacyScores[k], matrix.AsSpan(k * plan.Width, plan.Width).ToArray());
        }

        return new ImpressionRecord
        {
            Header = new ImpressionHeader
            {
                ImpressionId = session.SessionId,
                Time = session.Timestamp,
                Surface = session.Surface,
                UserId = session.UserId,
                Query = session.Query,
                Context = session.Context,
            },
            ModelName = LegacyModel,
            ModelVersion = LegacyVersion,
            Features = names,
            Items = logged,
        };
    }

    /// <summary>
    /// A click follows its session by the time it takes to scroll to the item and tap it, a purchase its click by a
    /// checkout. The delays come from their own seeded sequence, so the sample's other draws (and files) are unchanged.
    /// </summary>
    private static void WriteEvents(MarketplaceSample sample, HourlyLogFiles files)
    {
        var random = new Random(unchecked((sample.Options.Seed * 7919) + 104729));
        var events = new List<FeedbackEvent>();
        var prices = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in sample.Items)
        {
            prices[item.ItemId] = item.Price;
        }

        foreach (var session in sample.Sessions)
        {
            foreach (var k in session.Clicks)
            {
                var itemId = session.Items[k];
                var clicked = session.Timestamp.AddMilliseconds(Math.Round(1000 * (2 + (3 * k) + Exponential(random, 15))));
                events.Add(new FeedbackEvent(Click, session.SessionId, itemId, session.UserId, clicked, null));
                if (session.Purchases.Contains(k))
                {
                    var bought = clicked.AddMilliseconds(Math.Round(1000 * (30 + Exponential(random, 240))));
                    events.Add(new FeedbackEvent(Purchase, session.SessionId, itemId, session.UserId, bought, prices[itemId]));
                }
            }
        }

        // Stable: events at the same millisecond keep their session order.
        var ordered = events.OrderBy(static e => e.Time);
        foreach (var feedback in ordered)
        {
            files.RecordTime = feedback.Time;
            EventRecordWriter.Write(feedback, feedback.Time, files);
        }
    }

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1.0 - random.NextDouble());

    internal static SessionTruth TruthOf(MarketplaceSession session) =>
        session.Truth ?? throw new InvalidOperationException(
            $"Session '{session.SessionId}' has no truth: logs are written from a generated sample, not from one read back from {SampleGenerator.ImpressionsFile}.");
}
