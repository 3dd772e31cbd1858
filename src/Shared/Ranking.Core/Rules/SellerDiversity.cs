using System.Buffers;

namespace Ranking.Core.Rules;

/// <summary>
/// Re-orders a score-sorted list so that no seller has more than K items in the first N positions.
/// Items held back keep their relative order and follow the window, so the rest stays sorted by score.
/// </summary>
internal static class SellerDiversity
{
    public static void Apply(Span<int> order, ReadOnlySpan<string> sellers, int maxPerSeller, int window)
    {
        if (maxPerSeller <= 0 || window <= 0 || order.Length <= maxPerSeller)
        {
            return;
        }

        // Only the positions the scan passes over change: the window's picks, then the items held back, fill exactly
        // those, and everything after keeps its place. A pick never lands past the position just read, so picks are
        // written in place; the held items wait in a pooled buffer, the window's sellers in two more.
        var held = ArrayPool<int>.Shared.Rent(order.Length);
        var seen = ArrayPool<string>.Shared.Rent(Math.Min(window, order.Length));
        var counts = ArrayPool<int>.Shared.Rent(seen.Length);
        try
        {
            var distinct = 0;
            var heldCount = 0;
            var filled = 0;
            var next = 0;
            while (next < order.Length && filled < window)
            {
                var index = order[next++];
                var seller = sellers[index];
                // Unknown sellers (missing items) are not grouped together.
                if (seller.Length == 0)
                {
                    order[filled++] = index;
                    continue;
                }

                // A window holds a few dozen items: a linear search beats hashing every seller id.
                var at = Array.IndexOf(seen, seller, 0, distinct);
                if (at < 0)
                {
                    (at, seen[distinct], counts[distinct]) = (distinct, seller, 0);
                    distinct++;
                }

                if (counts[at] >= maxPerSeller)
                {
                    held[heldCount++] = index;
                    continue;
                }

                counts[at]++;
                order[filled++] = index;
            }

            held.AsSpan(0, heldCount).CopyTo(order[filled..]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(held);
            ArrayPool<string>.Shared.Return(seen, clearArray: true);
            ArrayPool<int>.Shared.Return(counts);
        }
    }
}
