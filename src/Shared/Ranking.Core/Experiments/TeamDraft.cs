namespace Ranking.Core.Experiments;

/// <summary>
/// Team-draft interleaving (Radlinski, Kurup and Joachims, 2008): two rankings of the same items merge like captains
/// picking teams. The team with fewer picks so far picks next (a coin decides a tie), taking its best item not yet
/// taken. Each merged item remembers its team, so a click credits the ranking that put it there, and each team holds
/// half of every prefix of the merged list (give or take one), which makes the comparison fair to both.
/// </summary>
public static class TeamDraft
{
    public const byte TeamA = 0;
    public const byte TeamB = 1;

    /// <summary>
    /// Merges two orders of the items <c>0..n-1</c> (each a permutation) into <paramref name="merged"/>; each item's
    /// team goes to <paramref name="teams"/> at the item's index (not its position), so it follows the item through
    /// any later reordering.
    /// </summary>
    /// <param name="seed">Seeds the coin flips: the same seed gives the same merge.</param>
    /// <param name="taken">Scratch of at least <c>n</c> entries; cleared here.</param>
    public static void Merge(ReadOnlySpan<int> a, ReadOnlySpan<int> b, ulong seed, Span<int> merged, Span<byte> teams, Span<bool> taken)
    {
        var n = a.Length;
        if (b.Length != n || merged.Length < n || teams.Length < n || taken.Length < n)
        {
            throw new ArgumentException("both orders must have the same length and the outputs room for it");
        }

        taken[..n].Clear();
        int nextA = 0, nextB = 0, picksA = 0, picksB = 0;
        var state = seed;
        for (var position = 0; position < n; position++)
        {
            var aPicks = picksA < picksB || (picksA == picksB && (Next(ref state) & 1) == 0);
            ref var next = ref aPicks ? ref nextA : ref nextB;
            var order = aPicks ? a : b;
            while (taken[order[next]])
            {
                next++;
            }

            var item = order[next++];
            taken[item] = true;
            merged[position] = item;
            teams[item] = aPicks ? TeamA : TeamB;
            if (aPicks)
            {
                picksA++;
            }
            else
            {
                picksB++;
            }
        }
    }

    /// <summary>The team that picks first under <paramref name="seed"/>: the first coin <see cref="Merge"/> flips.</summary>
    public static byte FirstPick(ulong seed) => (Next(ref seed) & 1) == 0 ? TeamA : TeamB;

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return ExperimentAssignment.Finalise(state);
    }
}
