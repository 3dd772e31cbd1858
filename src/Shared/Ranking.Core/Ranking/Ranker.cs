using System.Buffers;
using System.Diagnostics;
using Ranking.Core.Data;
using Ranking.Core.Experiments;
using Ranking.Core.Rules;

namespace Ranking.Core.Ranking;

/// <summary>
/// Validated input -> kept candidates -> features -> scores -> rules -> top <c>limit</c>.
/// A model that is missing or fails never fails the request: the input order is used and flagged.
/// </summary>
public static class Ranker
{
    private static readonly RankExplanation s_interleavedExplanation = new(null, "the ranking interleaves two models' rankings; contributions explain one model's scores");

    /// <param name="observer">Sees the result and the rows its items were scored with before the matrix goes back to the pool.</param>
    /// <param name="interleaving">
    /// Also scores with a second model and merges the two rankings by team draft before the diversity rule and the
    /// limit; a failure of either model falls back as one model's would.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="interleaving"/>'s model takes other features than <paramref name="model"/>.</exception>
    public static RankResult Rank(
        RankInput input, RankingModel? model, SurfaceRules rules, CancellationToken deadline = default, IRankingObserver? observer = null, Interleaving? interleaving = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        if (interleaving is not null && model is not null && !model.Plan.HasSameFeatures(interleaving.B.Plan))
        {
            throw new ArgumentException($"{interleaving.B.Name}/{interleaving.B.Version} takes other features than {model.Name}/{model.Version}: they cannot be interleaved", nameof(interleaving));
        }

        var started = Stopwatch.GetTimestamp();
        var candidates = input.Candidates;
        // Every per-candidate buffer is pooled: a ranking allocates only what its result keeps (RankedItems).
        var size = Math.Max(1, candidates.Length);
        var kept = ArrayPool<int>.Shared.Rent(size);
        var keptCandidates = ArrayPool<Candidate>.Shared.Rent(size);
        var keptItems = ArrayPool<ItemRecord?>.Shared.Rent(size);
        var width = model?.Plan.Width ?? 0;
        var matrix = ArrayPool<float>.Shared.Rent(Math.Max(1, size * width));
        var scores = ArrayPool<float>.Shared.Rent(size);
        var order = ArrayPool<int>.Shared.Rent(size);
        var draft = interleaving is null ? null : Draft.Rent(size);
        Explaining? explaining = null;
        byte[]? heldBy = null;
        try
        {
            List<RemovedItem>? removed = null;
            var counts = new RuleCounts(rules);
            var count = Filter(input, rules, kept, ref removed, counts, out var missingItems);
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
            if (fallback is null && draft is not null && count > 0)
            {
                fallback = Score(interleaving!.B, matrix, count, draft.Scores, deadline);
            }

            if (fallback is not null)
            {
                // Equal scores and a stable sort keep the input order, which is the fallback ranking.
                scores.AsSpan(0, count).Clear();
                draft = Draft.Return(draft);
            }

            var scored = Stopwatch.GetTimestamp();
            // Contributions explain one model's scores; an interleaved list holds two models' scores.
            explaining = input.Explain && draft is null ? Explaining.Start(model, fallback, scores, count) : null;
            var now = input.Context.Now;
            ApplyBoosts(rules, keptItems.AsSpan(0, count), scores.AsSpan(0, count), now, counts.Boosted);
            Order(scores, count, order);
            if (draft is not null)
            {
                ApplyBoosts(rules, keptItems.AsSpan(0, count), draft.Scores.AsSpan(0, count), now, boosted: default);
                draft.Merge(order, count, interleaving!.Seed);
            }

            heldBy = input.Explain && rules.Caps.Length > 0 ? ArrayPool<byte>.Shared.Rent(count) : null;
            heldBy?.AsSpan(0, count).Clear();
            Diversity.Apply(order.AsSpan(0, count), keptItems.AsSpan(0, count), rules.Caps, rules.Window, counts.Demoted, heldBy.AsSpan(0, heldBy is null ? 0 : count));
            var pinned = PinAll(input.Pins, keptCandidates.AsSpan(0, count), order.AsSpan(0, count));
            counts.Pinned = pinned?.Length ?? 0;
            var returned = Math.Min(count, input.Limit ?? int.MaxValue);
            var applied = input.Explain ? Applied(rules, order.AsSpan(0, returned), keptItems, now, heldBy, pinned) : null;
            var items = Take(order.AsSpan(0, returned), kept, candidates, scores, input.Explain ? (matrix, width) : default, explaining, draft is null ? null : (draft, interleaving!), applied);
            var done = Stopwatch.GetTimestamp();
            var explainMs = explaining?.Elapsed.TotalMilliseconds ?? 0;

            var result = new RankResult
            {
                Items = items,
                Removed = removed is null ? [] : removed,
                Fallback = fallback,
                Model = fallback is null ? model : null,
                MissingFeatures = missingFeatures,
                MissingItems = missingItems,
                Explanation = input.Explain && draft is not null ? s_interleavedExplanation : explaining?.Summary,
                Rules = counts,
                Timings = new RankTimings(
                    Stopwatch.GetElapsedTime(started, featuresDone).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(featuresDone, scored).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(scored, done).TotalMilliseconds - explainMs,
                    explainMs),
            };
            // On a fallback before features (no model) the matrix holds nothing: the rows are empty, not stale pool data.
            var filled = model is null ? 0 : width;
            observer?.Observe(result, new RankedRows(matrix.AsSpan(0, count * filled), filled, order.AsSpan(0, returned)));
            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(kept);
            ArrayPool<Candidate>.Shared.Return(keptCandidates, clearArray: true);
            ArrayPool<ItemRecord?>.Shared.Return(keptItems, clearArray: true);
            ArrayPool<float>.Shared.Return(matrix);
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(order);
            Draft.Return(draft);
            explaining?.Dispose();
            if (heldBy is not null)
            {
                ArrayPool<byte>.Shared.Return(heldBy);
            }
        }
    }

    /// <summary>
    /// Writes the indexes of the candidates that survive dedupe (first wins), the request's exclusions, the status rule
    /// and the surface's filters into <paramref name="kept"/>, in input order, and returns how many.
    /// </summary>
    private static int Filter(RankInput input, SurfaceRules rules, int[] kept, ref List<RemovedItem>? removed, RuleCounts counts, out int missingItems)
    {
        var candidates = input.Candidates;
        var filters = rules.FilterConditions;
        var seen = new CandidateIds(candidates);
        try
        {
            var count = 0;
            missingItems = 0;
            for (var i = 0; i < candidates.Length; i++)
            {
                var id = candidates[i].ItemId;
                var reason = !seen.AddFirst(i) ? RemovalReason.Duplicate
                    : input.Exclude?.Contains(id) == true ? RemovalReason.Excluded
                    : input.Items[i] is { } item ? ItemRemoval(item, rules, filters, input.Context.Now, counts)
                    : null;
                if (reason is not null)
                {
                    (removed ??= []).Add(new RemovedItem(id, reason));
                    counts.Duplicates += reason == RemovalReason.Duplicate ? 1 : 0;
                    counts.Excluded += reason == RemovalReason.Excluded ? 1 : 0;
                    continue;
                }

                missingItems += input.Items[i] is null ? 1 : 0;
                kept[count++] = i;
            }

            return count;
        }
        finally
        {
            seen.Dispose();
        }
    }

    /// <summary>Why the rules remove a stored item (not active, or a filter matched it), or null to keep it.</summary>
    private static string? ItemRemoval(ItemRecord item, SurfaceRules rules, ItemCondition[] filters, DateTimeOffset now, RuleCounts counts)
    {
        if (rules.Settings.DropInactive && !string.Equals(item.Status, ItemStatus.Active, StringComparison.Ordinal))
        {
            counts.Inactive++;
            return RemovalReason.Inactive;
        }

        for (var f = 0; f < filters.Length; f++)
        {
            if (filters[f].Matches(item, now))
            {
                counts.Filtered[f]++;
                return rules.Settings.Filters[f].Reason;
            }
        }

        return null;
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

    /// <param name="boosted">Per boost, incremented for each item it matched; empty when the scores are a second model's.</param>
    private static void ApplyBoosts(SurfaceRules rules, ReadOnlySpan<ItemRecord?> items, Span<float> scores, DateTimeOffset now, Span<int> boosted)
    {
        var conditions = rules.BoostConditions;
        if (conditions.Length == 0)
        {
            return;
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not { } item)
            {
                continue;
            }

            for (var b = 0; b < conditions.Length; b++)
            {
                if (conditions[b].Matches(item, now))
                {
                    scores[i] += rules.Settings.Boosts[b].Add;
                    if (!boosted.IsEmpty)
                    {
                        boosted[b]++;
                    }
                }
            }
        }
    }

    /// <summary>Moves the request's pinned items to their positions; returns them (positions among the kept items) by position, or null when none applies.</summary>
    /// <remarks>A pin whose item the rules removed does nothing: a sold or filtered item is not shown because a caller pinned it.</remarks>
    private static (int Index, int Position)[]? PinAll(IReadOnlyList<Pin>? pins, ReadOnlySpan<Candidate> kept, Span<int> order)
    {
        if (pins is not { Count: > 0 })
        {
            return null;
        }

        var pinned = new List<(int Index, int Position)>(pins.Count);
        for (var i = 0; i < kept.Length; i++)
        {
            foreach (var pin in pins)
            {
                if (string.Equals(pin.ItemId, kept[i].ItemId, StringComparison.Ordinal))
                {
                    pinned.Add((i, pin.Position));
                }
            }
        }

        if (pinned.Count == 0)
        {
            return null;
        }

        var byPosition = pinned.ToArray();
        Array.Sort(byPosition, static (a, b) => a.Position.CompareTo(b.Position));
        Pins.Apply(order, byPosition);
        return byPosition;
    }

    /// <summary>Under explain, per returned item, the rules that moved it (null for an item none moved).</summary>
    private static AppliedRules?[] Applied(
        SurfaceRules rules, ReadOnlySpan<int> order, ItemRecord?[] items, DateTimeOffset now, byte[]? heldBy, (int Index, int Position)[]? pinned)
    {
        var applied = new AppliedRules?[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            var i = order[r];
            List<Contracts.Rules.BoostRule>? boosts = null;
            for (var b = 0; b < rules.BoostConditions.Length; b++)
            {
                if (items[i] is { } item && rules.BoostConditions[b].Matches(item, now))
                {
                    (boosts ??= []).Add(rules.Settings.Boosts[b]);
                }
            }

            var demotedBy = heldBy is not null && heldBy[i] > 0 ? rules.Settings.Diversity[heldBy[i] - 1] : null;
            int? pinnedTo = null;
            foreach (var pin in pinned ?? [])
            {
                pinnedTo = pin.Index == i ? pin.Position : pinnedTo;
            }

            if (boosts is not null || demotedBy is not null || pinnedTo is not null)
            {
                applied[r] = new AppliedRules(boosts ?? [], demotedBy, pinnedTo);
            }
        }

        return applied;
    }

    /// <summary>Writes the positions sorted by score, highest first, into <paramref name="order"/>; equal scores keep input order.</summary>
    /// <remarks>
    /// Each position becomes one 64-bit key (score bits ordered descending, then the position), so a primitive
    /// sort does the work without a comparison delegate and ties resolve deterministically.
    /// </remarks>
    internal static void Order(float[] scores, int count, int[] order)
    {
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, count));
        try
        {
            for (var i = 0; i < count; i++)
            {
                var bits = BitConverter.SingleToUInt32Bits(scores[i]);
                var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
                keys[i] = ((ulong)~ascending << 32) | (uint)i;
            }

            Array.Sort(keys, 0, count);
            for (var i = 0; i < count; i++)
            {
                order[i] = (int)(uint)keys[i];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>The ranked items: <paramref name="order"/> holds positions among the kept candidates, best first.</summary>
    /// <param name="interleaved">Under interleaving: each item's team, and the second model's scores for the items team B placed.</param>
    private static RankedItems Take(
        ReadOnlySpan<int> order, int[] kept, Candidate[] candidates, float[] scores, (float[] Matrix, int Width) explain, Explaining? explaining,
        (Draft Draft, Interleaving Interleaving)? interleaved, AppliedRules?[]? applied)
    {
        var positions = new int[order.Length];
        var rankedScores = new float[order.Length];
        var teams = interleaved is null ? null : new string[order.Length];
        var features = explain.Matrix is null ? null : new float[order.Length][];
        var contributions = explaining?.Explainer is null ? null : new double[order.Length][];
        var boosts = contributions is null ? null : new float[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            var i = order[r];
            positions[r] = kept[i];
            rankedScores[r] = scores[i];
            if (interleaved is var (draft, interleaving))
            {
                var teamB = draft.Teams[i] == TeamDraft.TeamB;
                teams![r] = teamB ? interleaving.TeamB : interleaving.TeamA;
                rankedScores[r] = teamB ? draft.Scores[i] : scores[i];
            }

            var row = explain.Matrix is null ? default : explain.Matrix.AsSpan(i * explain.Width, explain.Width);
            if (features is not null)
            {
                features[r] = row.ToArray();
            }

            if (contributions is not null)
            {
                contributions[r] = explaining!.Explain(row);
                boosts![r] = scores[i] - explaining.ModelScores![i];
            }
        }

        return new RankedItems(candidates, positions, rankedScores, features, contributions, boosts, teams, applied);
    }
}
