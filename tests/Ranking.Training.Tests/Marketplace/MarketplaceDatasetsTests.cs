using Ranking.Core.Evaluation;
using Ranking.Core.Features;
using Ranking.Testing.Loopback;
using Ranking.Training.Data;
using Ranking.Training.Features;
using Ranking.Training.Marketplace;
using Xunit.Abstractions;

namespace Ranking.Training.Tests.Marketplace;

public sealed class MarketplaceDatasetsTests(MarketplaceSampleFixture fixture, ITestOutputHelper output) : IClassFixture<MarketplaceSampleFixture>
{
    [Theory]
    [InlineData("feed")]
    [InlineData("search")]
    public void Load_SplitsClickedSessionsByTime_70_15_15(string surface)
    {
        var split = MarketplaceDatasets.Load(fixture.Directory, surface);
        var sessions = fixture.Sample.Sessions.Where(s => s.Surface == surface && s.Clicks.Count > 0).ToList();
        var total = split.Train.QueryCount + split.Valid.QueryCount + split.Test.QueryCount;

        Assert.Equal(sessions.Count, total);
        Assert.Equal((int)(total * 0.70), split.Train.QueryCount);
        Assert.Equal((int)(total * 0.15), split.Valid.QueryCount);
        var time = sessions.ToDictionary(s => s.SessionId, s => s.Timestamp, StringComparer.Ordinal);
        Assert.True(split.Train.QueryIds.Max(id => time[id]) <= split.Valid.QueryIds.Min(id => time[id]));
        Assert.True(split.Valid.QueryIds.Max(id => time[id]) <= split.Test.QueryIds.Min(id => time[id]));
    }

    [Theory]
    [InlineData("feed", 14)]
    [InlineData("search", 15)]
    public void Load_LabelsPurchasesTwoClicksOneRestZero(string surface, int width)
    {
        var split = MarketplaceDatasets.Load(fixture.Directory, surface);
        var sessions = fixture.Sample.Sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);

        Assert.Equal(width, split.Train.FeatureCount);
        Assert.DoesNotContain(split.Features, f => f.Name.Contains("position", StringComparison.Ordinal));
        var row = 0;
        for (var q = 0; q < split.Test.QueryCount; q++)
        {
            var session = sessions[split.Test.QueryIds[q]];
            Assert.Equal(session.Items.Count, split.Test.GroupSizes[q]);
            // Rows are the session's impressions in a shuffled order: the same labels, not in shown order.
            var expected = Enumerable.Range(0, session.Items.Count).Select(k => session.Purchases.Contains(k) ? 2f : session.Clicks.Contains(k) ? 1f : 0f);
            Assert.Equal(expected.Order(), split.Test.Labels.AsSpan(row, session.Items.Count).ToArray().Order());

            Assert.Contains(1f, split.Test.Labels.AsSpan(row, session.Items.Count).ToArray().Select(l => Math.Min(l, 1f)));
            row += session.Items.Count;
        }
    }

    [Fact]
    public void Load_RowsDoNotKeepTheShownOrder()
    {
        // Metrics break score ties by row order; shown order would leak position bias into every tie.
        var split = MarketplaceDatasets.Load(fixture.Directory, "feed");
        var sessions = fixture.Sample.Sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        var inShownOrder = 0;
        var row = 0;
        for (var q = 0; q < split.Test.QueryCount; q++)
        {
            var session = sessions[split.Test.QueryIds[q]];
            var shown = Enumerable.Range(0, session.Items.Count).Select(k => session.Purchases.Contains(k) ? 2f : session.Clicks.Contains(k) ? 1f : 0f);
            inShownOrder += shown.SequenceEqual(split.Test.Labels.AsSpan(row, session.Items.Count).ToArray()) ? 1 : 0;
            row += split.Test.GroupSizes[q];
        }

        // Unshuffled, every session would match; shuffled, only those whose few clicks land back in place.
        Assert.True(inShownOrder < split.Test.QueryCount / 4, $"{inShownOrder} of {split.Test.QueryCount} sessions keep their shown label order");
        Assert.Equal(split.Test.Labels, MarketplaceDatasets.Load(fixture.Directory, "feed").Test.Labels);
    }

    [Fact]
    public void Load_PopularityBaselineIsReasonableButBeatable()
    {
        foreach (var surface in new[] { "feed", "search" })
        {
            var split = MarketplaceDatasets.Load(fixture.Directory, surface);
            var test = split.Test;
            var names = test.FeatureNames.ToList();
            var random = Evaluate(test, (_, _) => 0f);
            var shuffled = Evaluate(test, (_, r) => (float)(((r * 2654435761L) % 1000) / 1000.0));
            var byBrand = Evaluate(test, (rows, r) => rows[(r * test.FeatureCount) + names.IndexOf("brand_affinity")]);
            // A hand-written score over the same features: what a learned model should at least find.
            var byTaste = Evaluate(test, (rows, r) =>
            {
                float F(string name) => rows[(r * test.FeatureCount) + names.IndexOf(name)];
                var text = names.Contains("text_match") ? 2 * F("text_match") : 0;
                return (1.5f * F("brand_affinity")) + F("category_affinity") + (0.6f * F("size_affinity")) + (0.1f * F("likes")) + text;
            });
            var popularity = split.PopularityBaseline["ndcg@10"];
            output.WriteLine($"{surface}: test sessions {test.QueryCount}, ndcg@10 logged order {random.Ndcg10:F4}, shuffled {shuffled.Ndcg10:F4}, likes {popularity:F4}, brand affinity {byBrand.Ndcg10:F4}, taste score {byTaste.Ndcg10:F4}");

            Assert.Equal(RankingMetrics.Keys.Order(), split.PopularityBaseline.Keys.Order());
            Assert.True(popularity > shuffled.Ndcg10, "popularity should beat a random order");
            Assert.True(byTaste.Ndcg10 > popularity + 0.03, "the features should carry signal beyond popularity");
        }
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("search")]
    public void Load_WithoutAList_UsesTheSurfacesDefaultFile(string surface)
    {
        var file = FeatureFile.Read(Path.Combine(RepoRoot.Find(), "samples", "features", $"{surface}.json"));

        var split = MarketplaceDatasets.Load(fixture.Directory, surface);

        Assert.Equal(file.Select(f => f.Name), split.Features.Select(f => f.Name));
        Assert.Equal(split.Train.Features, MarketplaceDatasets.Load(fixture.Directory, surface, file).Train.Features);
    }

    [Fact]
    public void Load_SurfaceWithoutADefaultFile_FailsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => MarketplaceDatasets.Load(fixture.Directory, "cart"));

        Assert.Equal("No default features for surface 'cart': expected 'feed' or 'search', or a feature file.", error.Message);
    }

    [Fact]
    public void Load_CandidateFeature_FailsNamingIt()
    {
        FeatureSpec[] features =
        [
            new() { Name = "likes", Source = FeatureSource.Item, Field = "likes" },
            new() { Name = "bid", Source = FeatureSource.Candidate, Field = "bid" },
        ];

        var error = Assert.Throws<InvalidDataException>(() => MarketplaceDatasets.Load(fixture.Directory, "feed", features));

        Assert.Equal("features[1] ('bid'): source candidate is a number the request supplies, and logged sessions carry none.", error.Message);
    }

    [Fact]
    public void Load_FieldNoItemHas_FailsNamingTheFeature()
    {
        FeatureSpec[] features =
        [
            new() { Name = "likes", Source = FeatureSource.Item, Field = "likes" },
            new() { Name = "colour", Source = FeatureSource.Item, Field = "colour", Default = 3 },
        ];

        var error = Assert.Throws<InvalidDataException>(() => MarketplaceDatasets.Load(fixture.Directory, "feed", features));

        Assert.Equal("features[1] ('colour'): every 'feed' training row has the value 3: the sample cannot provide it (check its source and field).", error.Message);
    }

    /// <summary>Ties keep the logged order, so a constant score measures the legacy ranker.</summary>
    private static RankingMetrics Evaluate(RankingDataset data, Func<float[], int, float> score)
    {
        var scores = new float[data.RowCount];
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = score(data.Features, r);
        }

        return RankingEvaluator.Evaluate(data.Labels, scores, data.GroupSizes);
    }
}
