using Ranking.Core.Data;
using Ranking.Training.Marketplace;

namespace Ranking.Training.Tests.Marketplace;

public sealed class SampleGeneratorTests(MarketplaceSampleFixture fixture) : IClassFixture<MarketplaceSampleFixture>
{
    private static readonly SampleGeneratorOptions _small = new() { Users = 80, Items = 400, Sellers = 20, FeedSessions = 300, SearchSessions = 300 };

    [Fact]
    public void Write_WithSameSeed_IsByteIdentical()
    {
        var first = WriteToTemp(_small);
        var second = WriteToTemp(_small);
        try
        {
            var names = System.IO.Directory.GetFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(6, names.Length);
            foreach (var name in names)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(first, name!)), File.ReadAllBytes(Path.Combine(second, name!)));
            }
        }
        finally
        {
            System.IO.Directory.Delete(first, true);
            System.IO.Directory.Delete(second, true);
        }
    }

    [Fact]
    public void Write_WithDifferentSeed_Differs()
    {
        var first = WriteToTemp(_small);
        var second = WriteToTemp(new SampleGeneratorOptions { Seed = 8, Users = 80, Items = 400, Sellers = 20, FeedSessions = 300, SearchSessions = 300 });
        try
        {
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "items.jsonl")), File.ReadAllBytes(Path.Combine(second, "items.jsonl")));
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "impressions.jsonl")), File.ReadAllBytes(Path.Combine(second, "impressions.jsonl")));
        }
        finally
        {
            System.IO.Directory.Delete(first, true);
            System.IO.Directory.Delete(second, true);
        }
    }

    [Fact]
    public void CommittedSample_MatchesTheGeneratorWithDefaultSeed()
    {
        // Guards against a generator change without regenerating samples/marketplace (or the reverse).
        var committed = Path.Combine(RepositoryRoot(), "samples", "marketplace");
        foreach (var path in System.IO.Directory.GetFiles(fixture.Directory))
        {
            var name = Path.GetFileName(path);
            Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(committed, name))), $"samples/marketplace/{name} is stale: run `ranking generate-sample`");
        }
    }

    [Fact]
    public void Generate_DefaultOptions_HasTheAdvertisedShape()
    {
        var sample = fixture.Sample;
        Assert.Equal(3000, sample.Items.Count);
        Assert.Equal(600, sample.Users.Count);
        Assert.Equal(600, sample.Feeds.Count);
        Assert.Equal(4000, sample.Sessions.Count(s => s.Surface == "feed"));
        Assert.Equal(4000, sample.Sessions.Count(s => s.Surface == "search"));
        Assert.All(sample.Feeds, f => Assert.Equal(100, f.Candidates.Count));
        Assert.All(sample.Sessions, s => Assert.InRange(s.Items.Count, 15, 20));
        Assert.InRange(sample.Items.Count(i => i.Status == ItemStatus.Active) / 3000.0, 0.7, 0.95);
        Assert.Contains(sample.Items, i => i.Status == ItemStatus.Sold);
        Assert.Contains(sample.Items, i => i.Status == ItemStatus.Hidden);
    }

    [Fact]
    public void Generate_ReferencesOnlyExistingRecords_AndLogsAreConsistent()
    {
        var sample = fixture.Sample;
        var items = sample.Items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
        var users = sample.Users.Select(u => u.UserId).ToHashSet(StringComparer.Ordinal);
        foreach (var feed in sample.Feeds)
        {
            Assert.Contains(feed.UserId, users);
            Assert.All(feed.Candidates, id => Assert.True(items.ContainsKey(id), id));
            Assert.Equal(feed.Candidates.Count, feed.Candidates.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(1, feed.CandidatesVersion);
        }

        foreach (var session in sample.Sessions)
        {
            Assert.Contains(session.UserId, users);
            Assert.Equal(session.Items.Count, session.Items.Distinct(StringComparer.Ordinal).Count());
            foreach (var id in session.Items)
            {
                var item = items[id];
                Assert.NotEqual(ItemStatus.Hidden, item.Status);
                Assert.True(item.ListedAt <= session.Timestamp, $"{session.SessionId} shows {id} before it was listed");
            }

            Assert.All(session.Clicks, c => Assert.InRange(c, 0, session.Items.Count - 1));
            Assert.All(session.Purchases, p => Assert.Contains(p, session.Clicks));
            Assert.Equal(session.Surface == "search", session.Query is not null);
            Assert.True(session.Timestamp <= sample.Options.ReferenceTime);
        }

        Assert.True(sample.Sessions.Zip(sample.Sessions.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "sessions are oldest first");
    }

    [Fact]
    public void Generate_ClicksFollowLatentBrandPreference()
    {
        var (preferred, other) = ClickRates(fixture.Sample, (user, item) => user.BrandPreference[item.Brand] > 0.5);
        Assert.True(preferred > 1.8 * other, $"click rate {preferred:P1} on preferred brands vs {other:P1} otherwise");
    }

    [Fact]
    public void Generate_ClicksFollowLatentSizeAndCategory()
    {
        var (fits, misfits) = ClickRates(fixture.Sample, (user, item) => user.CategoryPreference[item.Category] > 0.5);
        Assert.True(fits > 1.5 * misfits, $"click rate {fits:P1} on liked categories vs {misfits:P1} otherwise");
    }

    [Fact]
    public void Generate_ShowsPositionBias()
    {
        var shown = new int[20];
        var clicked = new int[20];
        foreach (var session in fixture.Sample.Sessions)
        {
            for (var k = 0; k < session.Items.Count; k++)
            {
                shown[k]++;
            }

            foreach (var k in session.Clicks)
            {
                clicked[k]++;
            }
        }

        var top = (double)clicked[0] / shown[0];
        var deep = (double)clicked[12] / shown[12];
        Assert.True(top > 2 * deep, $"click rate {top:P1} at position 1 vs {deep:P1} at position 13");
    }

    private static (double Matching, double Other) ClickRates(MarketplaceSample sample, Func<LatentUser, LatentItem, bool> matches)
    {
        var users = sample.LatentUsers.ToDictionary(u => u.UserId, StringComparer.Ordinal);
        var items = sample.LatentItems.ToDictionary(i => i.Record.ItemId, StringComparer.Ordinal);
        double matchShown = 0, matchClicked = 0, otherShown = 0, otherClicked = 0;
        foreach (var session in sample.Sessions)
        {
            var user = users[session.UserId];
            for (var k = 0; k < session.Items.Count; k++)
            {
                var clicked = session.Clicks.Contains(k) ? 1 : 0;
                if (matches(user, items[session.Items[k]]))
                {
                    matchShown++;
                    matchClicked += clicked;
                }
                else
                {
                    otherShown++;
                    otherClicked += clicked;
                }
            }
        }

        return (matchClicked / matchShown, otherClicked / otherShown);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test output folder.");
    }

    private static string WriteToTemp(SampleGeneratorOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ranking-sample-" + Guid.NewGuid().ToString("N"));
        SampleGenerator.Write(SampleGenerator.Generate(options), directory);
        return directory;
    }
}
