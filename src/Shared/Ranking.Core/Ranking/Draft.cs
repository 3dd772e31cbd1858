using System.Buffers;
using Ranking.Core.Experiments;

namespace Ranking.Core.Ranking;

/// <summary>An interleaved ranking's pooled buffers: the second model's scores and order, the merge and each item's team.</summary>
internal sealed class Draft
{
    private Draft(int size)
    {
        Scores = ArrayPool<float>.Shared.Rent(size);
        OrderB = ArrayPool<int>.Shared.Rent(size);
        Merged = ArrayPool<int>.Shared.Rent(size);
        Teams = ArrayPool<byte>.Shared.Rent(size);
        Taken = ArrayPool<bool>.Shared.Rent(size);
    }

    /// <summary>The second model's scores, by kept candidate.</summary>
    public float[] Scores { get; }

    /// <summary>Each kept candidate's team (<see cref="TeamDraft.TeamA"/> or <see cref="TeamDraft.TeamB"/>), by kept candidate.</summary>
    public byte[] Teams { get; }

    private int[] OrderB { get; }
    private int[] Merged { get; }
    private bool[] Taken { get; }

    public static Draft Rent(int size) => new(size);

    /// <summary>Gives the buffers back; returns null for the caller's field.</summary>
    public static Draft? Return(Draft? draft)
    {
        if (draft is not null)
        {
            ArrayPool<float>.Shared.Return(draft.Scores);
            ArrayPool<int>.Shared.Return(draft.OrderB);
            ArrayPool<int>.Shared.Return(draft.Merged);
            ArrayPool<byte>.Shared.Return(draft.Teams);
            ArrayPool<bool>.Shared.Return(draft.Taken);
        }

        return null;
    }

    /// <summary>Orders the second model's scores and replaces <paramref name="order"/> (model A's) with the team-draft merge of both.</summary>
    public void Merge(int[] order, int count, ulong seed)
    {
        Ranker.Order(Scores, count, OrderB);
        TeamDraft.Merge(order.AsSpan(0, count), OrderB.AsSpan(0, count), seed, Merged, Teams, Taken);
        Merged.AsSpan(0, count).CopyTo(order);
    }
}
