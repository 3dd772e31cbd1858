using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Stores.Embedded;
using Ranking.Stores.Models;

namespace Ranking.Benchmarks;

/// <summary>
/// One feed request against the sample marketplace and the default feed model: a real user, a fixed clock,
/// and <c>count</c> active candidates (the user's stored feed first, then other active items in file order),
/// with their items looked up once so every benchmark sees exactly the same rows.
/// </summary>
internal sealed class FeedScenario : IDisposable
{
    public const string UserId = "u_1";

    /// <summary>The sample's reference time: listings lie in the 90 days before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private FeedScenario(RankingModel model, RankInput input, string packageDir)
    {
        Model = model;
        Input = input;
        PackageDir = packageDir;
    }

    public RankingModel Model { get; }
    public RankInput Input { get; }
    public string PackageDir { get; }
    public int Rows => Input.Candidates.Length;
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
        var user = store.GetUserAsync(UserId, CancellationToken.None).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"The sample has no user {UserId}.");
        var feed = store.GetFeedAsync(UserId, "feed", CancellationToken.None).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"The sample has no feed for {UserId}.");

        var ids = PickActive(feed.Candidates, RecordJsonl.ReadItems(Path.Combine(RepoPaths.Marketplace, "items.jsonl")), count);
        var items = store.GetItemsAsync(ids, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var candidates = new Candidate[ids.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = new Candidate(ids[i]);
        }

        var input = new RankInput
        {
            Context = new FeatureContext
            {
                User = user,
                Context = new Dictionary<string, ContextValue>(StringComparer.Ordinal) { ["platform"] = ContextValue.Of("ios") },
                Now = Now,
            },
            Candidates = candidates,
            Items = items,
        };
        return new FeedScenario(ModelDirectory.Load(packageDir), input, packageDir);
    }

    public void Dispose() => Model.Dispose();

    /// <summary>Fills a fresh <c>Rows x Width</c> matrix through the model's plan, as the ranker would.</summary>
    public float[] BuildMatrix()
    {
        var matrix = new float[Rows * Width];
        Model.Plan.Fill(Input.Context, Input.Candidates, Input.Items, matrix);
        return matrix;
    }

    private static List<string> PickActive(IReadOnlyList<string> feed, List<ItemRecord> catalog, int count)
    {
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in catalog)
        {
            if (string.Equals(item.Status, ItemStatus.Active, StringComparison.Ordinal))
            {
                active.Add(item.ItemId);
            }
        }

        var picked = new List<string>(count);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in feed)
        {
            if (picked.Count < count && active.Contains(id) && taken.Add(id))
            {
                picked.Add(id);
            }
        }

        foreach (var item in catalog)
        {
            if (picked.Count < count && active.Contains(item.ItemId) && taken.Add(item.ItemId))
            {
                picked.Add(item.ItemId);
            }
        }

        return picked.Count == count
            ? picked
            : throw new InvalidOperationException($"The sample has only {picked.Count} active items, {count} requested.");
    }
}
