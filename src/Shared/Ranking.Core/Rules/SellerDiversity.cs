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

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var placed = new int[order.Length];
        var held = new List<int>();
        var filled = 0;
        var next = 0;
        while (next < order.Length && filled < window)
        {
            var index = order[next++];
            var seller = sellers[index];
            // Unknown sellers (missing items) are not grouped together.
            if (seller.Length == 0)
            {
                placed[filled++] = index;
                continue;
            }

            counts.TryGetValue(seller, out var count);
            if (count >= maxPerSeller)
            {
                held.Add(index);
                continue;
            }

            counts[seller] = count + 1;
            placed[filled++] = index;
        }

        foreach (var index in held)
        {
            placed[filled++] = index;
        }

        while (next < order.Length)
        {
            placed[filled++] = order[next++];
        }

        placed.AsSpan().CopyTo(order);
    }
}
