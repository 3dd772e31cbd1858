using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Stores.Feeds;
using Ranking.Stores.Files;
using Ranking.Stores.Models;
using Ranking.Training.LightGbm;
using PackageFile = Ranking.Training.Packaging.ModelPackageFiles;

namespace Ranking.Benchmarks;

/// <summary>
/// <see cref="InputCount"/> feed requests against the sample marketplace and the default feed model, each of
/// <c>count</c> active candidates, with their items looked up once so every benchmark sees exactly the same rows.
/// Request <c>k</c> is the user of the <c>k</c>-th stored feed, on a platform taken in turn from ios, android and
/// web, with that user's stored feed first and then other active items in file order, starting <c>k</c>
/// sixteenths of the way into the active catalog and wrapping around.
/// </summary>
/// <remarks>
/// Why several requests: a tree ensemble scored on the same rows call after call lets the CPU's branch
/// predictor learn every split, which flatters the branchy scorers (ONNX Runtime was measured at 4.8 ns per
/// document and tree on one repeated matrix and about 21 on 16 used in turn). Different users change the affinity,
/// user and platform columns, different candidates change the item columns, so the requests take different tree paths.
/// </remarks>
internal sealed class FeedScenario : IDisposable
{
    /// <summary>
    /// BenchmarkDotNet's default unroll factor: invocations per iteration are a multiple of it, so an iteration
    /// that takes the requests in turn from the first sees each one equally often.
    /// </summary>
    public const int InputCount = 16;

    /// <summary>The sample's reference time: listings lie in the 90 days before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] s_platforms = ["ios", "android", "web"];

    private FeedScenario(RankingModel model, RankInput[] inputs, int rows, string packageDir)
    {
        Model = model;
        Inputs = inputs;
        Rows = rows;
        PackageDir = packageDir;
    }

    public RankingModel Model { get; }

    /// <summary>The requests, in the order every benchmark takes them; each has <see cref="Rows"/> candidates.</summary>
    public RankInput[] Inputs { get; }

    public string PackageDir { get; }
    public int Rows { get; }
    public int Width => Model.Plan.Width;

    public static FeedScenario Load(int count)
    {
        var packageDir = RepoPaths.ModelPackage;
        if (!File.Exists(Path.Combine(packageDir, "manifest.json")))
        {
            throw new InvalidOperationException(
                $"No model package at {packageDir}: train one there, or set {RepoPaths.ModelVariable} to a package folder.");
        }

        var store = EmbeddedStore.Load(RepoPaths.Marketplace);
        var active = ActiveIds(RecordJsonl.ReadItems(Path.Combine(RepoPaths.Marketplace, "items.jsonl")));
        var feeds = FirstFeeds(RecordJsonl.ReadFeeds(Path.Combine(RepoPaths.Marketplace, "feeds.jsonl")));
        var inputs = new RankInput[InputCount];
        for (var k = 0; k < inputs.Length; k++)
        {
            var userId = feeds[k].UserId;
            var user = store.GetUserAsync(userId, CancellationToken.None).AsTask().GetAwaiter().GetResult()
                ?? throw new InvalidOperationException($"The sample has a feed but no user record for {userId}.");
            var ids = PickActive(feeds[k].Candidates, active, k * active.Count / InputCount, count);
            inputs[k] = new RankInput
            {
                Context = new FeatureContext
                {
                    User = user,
                    Context = new Dictionary<string, ContextValue>(StringComparer.Ordinal)
                    {
                        ["platform"] = ContextValue.Of(s_platforms[k % s_platforms.Length]),
                    },
                    Now = Now,
                },
                Candidates = [.. ids.Select(id => new Candidate(id))],
                Items = store.GetItemsAsync(ids, CancellationToken.None).AsTask().GetAwaiter().GetResult(),
            };
        }

        return new FeedScenario(ModelDirectory.Load(packageDir), inputs, count, packageDir);
    }

    public void Dispose() => Model.Dispose();

    /// <summary>LightGBM's own predict over the package's trainer model (<c>lightgbm.txt</c>), the same trees as its ONNX.</summary>
    public LightGbmPredictor LoadLightGbm()
    {
        var file = Model.Manifest.TrainerModel?.File ?? PackageFile.TrainerModel;
        return LightGbmPredictor.Load(File.ReadAllText(Path.Combine(PackageDir, file)));
    }

    /// <summary>Fills a fresh <c>Rows x Width</c> matrix for request <paramref name="input"/> through the model's plan, as the ranker would.</summary>
    public float[] BuildMatrix(int input)
    {
        var request = Inputs[input];
        var matrix = new float[Rows * Width];
        Model.Plan.Fill(request.Context, request.Candidates, request.Items, matrix);
        return matrix;
    }

    private static List<string> ActiveIds(List<ItemRecord> catalog)
    {
        var active = new List<string>(catalog.Count);
        foreach (var item in catalog)
        {
            if (string.Equals(item.Status, ItemStatus.Active, StringComparison.Ordinal))
            {
                active.Add(item.ItemId);
            }
        }

        return active;
    }

    private static List<FeedRecord> FirstFeeds(List<FeedRecord> stored)
    {
        var feeds = new List<FeedRecord>(InputCount);
        foreach (var feed in stored)
        {
            if (feeds.Count < InputCount && string.Equals(feed.Surface, "feed", StringComparison.Ordinal))
            {
                feeds.Add(feed);
            }
        }

        return feeds.Count == InputCount
            ? feeds
            : throw new InvalidOperationException($"The sample has only {feeds.Count} stored feeds, {InputCount} needed.");
    }

    /// <summary>The active ids of <paramref name="feed"/>, then <paramref name="active"/> from <paramref name="start"/> on, wrapping, without repeats.</summary>
    private static List<string> PickActive(IReadOnlyList<string> feed, List<string> active, int start, int count)
    {
        var isActive = new HashSet<string>(active, StringComparer.Ordinal);
        var picked = new List<string>(count);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in feed)
        {
            if (picked.Count < count && isActive.Contains(id) && taken.Add(id))
            {
                picked.Add(id);
            }
        }

        for (var i = 0; i < active.Count && picked.Count < count; i++)
        {
            var id = active[(start + i) % active.Count];
            if (taken.Add(id))
            {
                picked.Add(id);
            }
        }

        return picked.Count == count
            ? picked
            : throw new InvalidOperationException($"The sample has only {picked.Count} active items, {count} requested.");
    }
}
