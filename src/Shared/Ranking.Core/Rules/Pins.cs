using System.Buffers;

namespace Ranking.Core.Rules;

/// <summary>Moves pinned items to their positions after every other rule; the rest keep their order around them.</summary>
internal static class Pins
{
    /// <param name="order">Positions among the kept items, best first; rewritten in place.</param>
    /// <param name="pinned">The pinned items (positions among the kept items) by ascending position, which is 1-based.</param>
    /// <remarks>A pin past the end of the list places its item last; pins never drop or repeat an item.</remarks>
    public static void Apply(Span<int> order, ReadOnlySpan<(int Index, int Position)> pinned)
    {
        if (pinned.IsEmpty)
        {
            return;
        }

        var rest = ArrayPool<int>.Shared.Rent(order.Length);
        try
        {
            var restCount = 0;
            foreach (var index in order)
            {
                if (!IsPinned(index, pinned))
                {
                    rest[restCount++] = index;
                }
            }

            var p = 0;
            var r = 0;
            for (var position = 0; position < order.Length; position++)
            {
                order[position] = p < pinned.Length && (pinned[p].Position - 1 <= position || r == restCount) ? pinned[p++].Index : rest[r++];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rest);
        }
    }

    /// <remarks>A request pins a handful of items: a scan beats a set.</remarks>
    private static bool IsPinned(int index, ReadOnlySpan<(int Index, int Position)> pinned)
    {
        foreach (var pin in pinned)
        {
            if (pin.Index == index)
            {
                return true;
            }
        }

        return false;
    }
}
