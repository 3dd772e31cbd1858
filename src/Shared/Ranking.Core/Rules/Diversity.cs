using System.Buffers;
using Ranking.Core.Data;

namespace Ranking.Core.Rules;

/// <summary>
/// Re-orders a score-sorted list under diversity caps: each position of the widest window takes the best item that no
/// cap covering that position refuses (a cap refuses an item whose value already fills its quota in its window).
/// Items held back keep their relative order and fill in as soon as they fit, or follow the window.
/// </summary>
internal static class Diversity
{
    /// <param name="order">Positions among <paramref name="items"/>, best first; rewritten in place.</param>
    /// <param name="demoted">Per cap, incremented for each item that cap held back.</param>
    /// <param name="heldBy">Empty, or per item: 1 + the index of the cap that first held it back, 0 if none did.</param>
    public static void Apply(Span<int> order, ReadOnlySpan<ItemRecord?> items, SurfaceRules.Cap[] caps, int window, Span<int> demoted, Span<byte> heldBy)
    {
        var limit = Math.Min(window, order.Length);
        if (caps.Length == 0 || order.Length <= 1)
        {
            return;
        }

        // Positions are filled front to back from the items read so far, so a pick never lands past the position just
        // read: picks are written in place, and the held items, then the unread rest, fill what the picks left.
        var held = ArrayPool<int>.Shared.Rent(order.Length);
        var groups = new Groups(caps, limit);
        try
        {
            var heldCount = 0;
            var filled = 0;
            var next = 0;
            // A held item's caps only fill up as positions fill, so it can fit again only once a cap's window has ended.
            var recheck = false;
            while (filled < limit)
            {
                var index = -1;
                if (recheck)
                {
                    for (var h = 0; h < heldCount; h++)
                    {
                        if (groups.Refusing(items[held[h]], filled) < 0)
                        {
                            index = held[h];
                            held.AsSpan(h + 1, heldCount - h - 1).CopyTo(held.AsSpan(h));
                            heldCount--;
                            break;
                        }
                    }

                    recheck = index >= 0;
                }

                if (index < 0)
                {
                    if (next == order.Length)
                    {
                        break;
                    }

                    index = order[next++];
                    var refusing = groups.Refusing(items[index], filled);
                    if (refusing >= 0)
                    {
                        held[heldCount++] = index;
                        demoted[refusing]++;
                        if (!heldBy.IsEmpty)
                        {
                            heldBy[index] = (byte)(refusing + 1);
                        }

                        continue;
                    }
                }

                groups.Count(items[index], filled);
                order[filled++] = index;
                recheck |= heldCount > 0 && groups.EndsWindow(filled);
            }

            held.AsSpan(0, heldCount).CopyTo(order[filled..]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(held);
            groups.Dispose();
        }
    }

    /// <summary>Per cap, the values met in its window and how many items each has placed; pooled.</summary>
    private readonly struct Groups : IDisposable
    {
        private readonly SurfaceRules.Cap[] _caps;
        private readonly int _width;
        private readonly string[] _values;
        private readonly int[] _counts;
        private readonly int[] _distinct;

        public Groups(SurfaceRules.Cap[] caps, int limit)
        {
            _caps = caps;
            _width = Math.Max(1, limit);
            _values = ArrayPool<string>.Shared.Rent(caps.Length * _width);
            _counts = ArrayPool<int>.Shared.Rent(caps.Length * _width);
            _distinct = ArrayPool<int>.Shared.Rent(caps.Length);
            _distinct.AsSpan(0, caps.Length).Clear();
        }

        /// <summary>The first cap covering <paramref name="position"/> whose quota the item's value has filled, or -1.</summary>
        public int Refusing(ItemRecord? item, int position)
        {
            for (var c = 0; c < _caps.Length; c++)
            {
                var cap = _caps[c];
                if (position < cap.Window && Find(c, item) is var at && at >= 0 && _counts[(c * _width) + at] >= cap.Max)
                {
                    return c;
                }
            }

            return -1;
        }

        public void Count(ItemRecord? item, int position)
        {
            for (var c = 0; c < _caps.Length; c++)
            {
                if (position >= _caps[c].Window || Value(item, c) is not { Length: > 0 } value)
                {
                    continue;
                }

                var at = Find(c, item);
                if (at < 0)
                {
                    at = _distinct[c]++;
                    _values[(c * _width) + at] = value;
                    _counts[(c * _width) + at] = 0;
                }

                _counts[(c * _width) + at]++;
            }
        }

        public bool EndsWindow(int filled)
        {
            foreach (var cap in _caps)
            {
                if (cap.Window == filled)
                {
                    return true;
                }
            }

            return false;
        }

        public void Dispose()
        {
            ArrayPool<string>.Shared.Return(_values, clearArray: true);
            ArrayPool<int>.Shared.Return(_counts);
            ArrayPool<int>.Shared.Return(_distinct);
        }

        /// <summary>Unknown values (a missing item, an empty brand) are never grouped together.</summary>
        private string? Value(ItemRecord? item, int cap) => item is null ? null : ItemAttributeReader.Text(item, _caps[cap].Attribute);

        /// <remarks>A window holds a few dozen items: a linear search beats hashing every value.</remarks>
        private int Find(int cap, ItemRecord? item)
        {
            if (Value(item, cap) is not { Length: > 0 } value)
            {
                return -1;
            }

            var values = _values.AsSpan(cap * _width, _distinct[cap]);
            for (var i = 0; i < values.Length; i++)
            {
                if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
