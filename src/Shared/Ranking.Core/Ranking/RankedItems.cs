using System.Collections;
using Ranking.Core.Data;

namespace Ranking.Core.Ranking;

/// <summary>
/// A ranking's items, best first, as a view over the request's candidates: the result keeps one position and one
/// score per item (8 bytes) instead of a record per item, and builds each <see cref="RankedItem"/> when read.
/// </summary>
public sealed class RankedItems : IReadOnlyList<RankedItem>
{
    private readonly Candidate[] _candidates;
    private readonly int[] _positions;
    private readonly float[] _scores;
    private readonly float[][]? _features;
    private readonly double[][]? _contributions;
    private readonly float[]? _boosts;
    private readonly string[]? _teams;
    private readonly AppliedRules?[]? _rules;

    /// <param name="positions">Each ranked item's index in <paramref name="candidates"/>, best first.</param>
    /// <param name="scores">Each ranked item's final score, in the same order.</param>
    /// <param name="features">Each ranked item's feature values when the request asked to explain, else null.</param>
    /// <param name="contributions">Each ranked item's feature contributions when explained, else null.</param>
    /// <param name="boosts">Each ranked item's boost when explained, else null.</param>
    /// <param name="teams">Each ranked item's team when interleaved, else null.</param>
    /// <param name="rules">Each ranked item's applied rules when explained (null for an item no rule moved), else null.</param>
    internal RankedItems(
        Candidate[] candidates, int[] positions, float[] scores, float[][]? features, double[][]? contributions, float[]? boosts, string[]? teams, AppliedRules?[]? rules)
    {
        _teams = teams;
        _rules = rules;
        _candidates = candidates;
        _positions = positions;
        _scores = scores;
        _features = features;
        _contributions = contributions;
        _boosts = boosts;
    }

    public int Count => _positions.Length;

    /// <summary>Item <paramref name="index"/>'s score alone, without touching its candidate (the drift monitor's sample).</summary>
    public float ScoreAt(int index) => _scores[index];

    public RankedItem this[int index] =>
        new(_candidates[_positions[index]].ItemId, _scores[index], index + 1, _features?[index], _contributions?[index], _boosts?[index] ?? 0, _teams?[index], _rules?[index]);

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<RankedItem> IEnumerable<RankedItem>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates without allocating when the caller holds a <see cref="RankedItems"/>.</summary>
    public struct Enumerator : IEnumerator<RankedItem>
    {
        private readonly RankedItems _items;
        private int _index;

        internal Enumerator(RankedItems items)
        {
            _items = items;
            _index = -1;
        }

        public readonly RankedItem Current => _items[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _items.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
