using System.Buffers;
using System.Numerics;
using Ranking.Core.Data;

namespace Ranking.Core.Ranking;

/// <summary>
/// The item ids seen so far in a request's candidates, for dedupe: an open-addressing table of candidate indexes in
/// a pooled array, so a request of any size allocates nothing for it (a <see cref="HashSet{T}"/> of 500 ids is about
/// 10 KB). Return the array with <see cref="Dispose"/>.
/// </summary>
internal struct CandidateIds : IDisposable
{
    private readonly Candidate[] _candidates;
    private int[]? _slots;
    private readonly int _mask;

    public CandidateIds(Candidate[] candidates)
    {
        _candidates = candidates;
        // At most half full, so probes stay short.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, candidates.Length * 2));
        _slots = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(_slots, 0, size);
        _mask = size - 1;
    }

    /// <summary>Records candidate <paramref name="index"/>'s id; false when an earlier candidate has the same id.</summary>
    public readonly bool AddFirst(int index)
    {
        var slots = _slots!;
        var id = _candidates[index].ItemId;
        // Slots hold index + 1, so the cleared array means empty.
        for (var slot = id.GetHashCode(StringComparison.Ordinal) & _mask; ; slot = (slot + 1) & _mask)
        {
            var taken = slots[slot];
            if (taken == 0)
            {
                slots[slot] = index + 1;
                return true;
            }

            if (string.Equals(_candidates[taken - 1].ItemId, id, StringComparison.Ordinal))
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        if (_slots is not null)
        {
            ArrayPool<int>.Shared.Return(_slots);
            _slots = null;
        }
    }
}
