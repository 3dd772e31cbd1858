using System.Buffers;
using System.Diagnostics;
using Ranking.Core.Data;
using Ranking.Core.Rules;

namespace Ranking.Core.Ranking;

/// <summary>
/// Validated input -> kept candidates -> features -> scores -> rules -> top <c>limit</c>.
/// A model that is missing or fails never fails the request: the input order is used and flagged.
/// </summary>
public static class Ranker
{
    public static RankResult Rank(RankInput input, RankingModel? model, SurfaceRules rules, CancellationToken deadline = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var started = Stopwatch.GetTimestamp();
        var candidates = input.Candidates;
        var removed = new List<RemovedItem>();
        var kept = Filter(input, rules, removed, out var missingItems);
        var count = kept.Length;

        var width = model?.Plan.Width ?? 0;
        var matrix = ArrayPool<float>.Shared.Rent(Math.Max(1, count * width));
        var scores = ArrayPool<float>.Shared.Rent(Math.Max(1, count));
        var keptCandidates = ArrayPool<Candidate>.Shared.Rent(Math.Max(1, count));
        var keptItems = ArrayPool<ItemRecord?>.Shared.Rent(Math.Max(1, count));
        try
        {
            for (var i = 0; i < count; i++)
            {
                keptCandidates[i] = candidates[kept[i]];
                keptItems[i] = input.Items[kept[i]];
            }

            var missingFeatures = 0;
            if (model is not null && count > 0)
            {
                missingFeatures = model.Plan.Fill(input.Context, keptCandidates.AsSpan(0, count), keptItems.AsSpan(0, count), matrix);
            }

            var featuresDone = Stopwatch.GetTimestamp();
            var fallback = count == 0 ? null : Score(model, matrix, count, scores, deadline);
            if (fallback is not null)
            {
                // Equal scores and a stable sort keep the input order, which is the fallback ranking.
                scores.AsSpan(0, count).Clear();
            }

            var scored = Stopwatch.GetTimestamp();
            ApplyBoosts(rules.Boosts, keptItems.AsSpan(0, count), scores.AsSpan(0, count));
            var order = Order(scores, count);
            ApplyDiversity(rules, keptItems, order);
            var items = Take(order, keptCandidates, scores, input.Limit, input.Explain ? (matrix, width) : default);
            var done = Stopwatch.GetTimestamp();

            return new RankResult
            {
                Items = items,
                Removed = removed,
                Fallback = fallback,
                Model = fallback is null ? model : null,
                MissingFeatures = missingFeatures,
                MissingItems = missingItems,
                Timings = new RankTimings(
                    Stopwatch.GetElapsedTime(started, featuresDone).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(featuresDone, scored).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(scored, done).TotalMilliseconds),
            };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(matrix);
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<Candidate>.Shared.Return(keptCandidates, clearArray: true);
            ArrayPool<ItemRecord?>.Shared.Return(keptItems, clearArray: true);
        }
    }

    /// <summary>Indexes of the candidates that survive dedupe (first wins) and the status rule, in input order.</summary>
    private static int[] Filter(RankInput input, SurfaceRules rules, List<RemovedItem> removed, out int missingItems)
    {
        var candidates = input.Candidates;
        var seen = new HashSet<string>(candidates.Length, StringComparer.Ordinal);
        var kept = new List<int>(candidates.Length);
        missingItems = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            var id = candidates[i].ItemId;
            if (!seen.Add(id))
            {
                removed.Add(new RemovedItem(id, RemovalReason.Duplicate));
                continue;
            }

            var item = input.Items[i];
            if (item is null)
            {
                missingItems++;
            }
            else if (rules.DropInactive && !string.Equals(item.Status, ItemStatus.Active, StringComparison.Ordinal))
            {
                removed.Add(new RemovedItem(id, RemovalReason.Inactive));
                continue;
            }

            kept.Add(i);
        }

        return [.. kept];
    }

    private static string? Score(RankingModel? model, float[] matrix, int count, float[] scores, CancellationToken deadline)
    {
        if (model is null)
        {
            return FallbackReason.ModelUnavailable;
        }

        if (deadline.IsCancellationRequested)
        {
            return FallbackReason.Deadline;
        }

        try
        {
            model.Scorer.Score(matrix.AsSpan(0, count * model.Plan.Width), count, scores);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the runtime throws, the request is answered in input order and the fallback is counted.
            return FallbackReason.ScoringFailed;
        }

        for (var i = 0; i < count; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                return FallbackReason.ScoringFailed;
            }
        }

        return null;
    }

    private static void ApplyBoosts(IReadOnlyList<Boost> boosts, ReadOnlySpan<ItemRecord?> items, Span<float> scores)
    {
        if (boosts.Count == 0)
        {
            return;
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not { } item)
            {
                continue;
            }

            foreach (var boost in boosts)
            {
                if (string.Equals(AttributeOf(item, boost.Attribute), boost.Value, StringComparison.OrdinalIgnoreCase))
                {
                    scores[i] += boost.Amount;
                }
            }
        }
    }

    private static string? AttributeOf(ItemRecord item, string attribute) => attribute switch
    {
        "brand" => item.Brand,
        "category" => item.Category,
        "size" => item.Size,
        "sellerId" => item.SellerId,
        _ => null,
    };

    /// <summary>Positions sorted by score, highest first; equal scores keep input order.</summary>
    /// <remarks>
    /// Each position becomes one 64-bit key (score bits ordered descending, then the position), so a primitive
    /// sort does the work without a comparison delegate and ties resolve deterministically.
    /// </remarks>
    private static int[] Order(float[] scores, int count)
    {
        var keys = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var bits = BitConverter.SingleToUInt32Bits(scores[i]);
                var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
                keys[i] = ((ulong)~ascending << 32) | (uint)i;
            }

            Array.Sort(keys, 0, count);
            var order = new int[count];
            for (var i = 0; i < count; i++)
            {
                order[i] = (int)(uint)keys[i];
            }

            return order;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    private static void ApplyDiversity(SurfaceRules rules, ItemRecord?[] items, int[] order)
    {
        if (rules.MaxPerSeller <= 0)
        {
            return;
        }

        var sellers = new string[order.Length];
        for (var i = 0; i < sellers.Length; i++)
        {
            sellers[i] = items[i]?.SellerId ?? "";
        }

        SellerDiversity.Apply(order, sellers, rules.MaxPerSeller, rules.DiversityWindow);
    }

    private static RankedItem[] Take(int[] order, Candidate[] candidates, float[] scores, int? limit, (float[] Matrix, int Width) explain)
    {
        var count = Math.Min(order.Length, limit ?? int.MaxValue);
        var items = new RankedItem[count];
        for (var r = 0; r < count; r++)
        {
            var i = order[r];
            var features = explain.Matrix is null ? null : explain.Matrix.AsSpan(i * explain.Width, explain.Width).ToArray();
            items[r] = new RankedItem(candidates[i].ItemId, scores[i], r + 1, features);
        }

        return items;
    }
}
