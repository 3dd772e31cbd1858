using Ranking.Contracts.Rules;
using Ranking.Core.Data;

namespace Ranking.Core.Rules;

/// <summary>An <see cref="ItemMatch"/> made ready to test items: the attribute resolved, the text values in a set.</summary>
internal sealed class ItemCondition
{
    private readonly ItemAttribute _attribute;
    private readonly string _name;
    private readonly HashSet<string>? _values;
    /// <summary>The values when there are few: comparing a handful of short strings beats hashing the item's value.</summary>
    private readonly string[]? _few;
    private readonly bool _negated;
    private readonly double _min;
    private readonly double _max;

    public ItemCondition(ItemMatch match)
    {
        _attribute = ItemAttributeReader.Parse(match.Attribute);
        _name = match.Attribute;
        _values = match.Values is null ? null : new HashSet<string>(match.Values, StringComparer.OrdinalIgnoreCase);
        _few = _values is { Count: <= FewValues } ? [.. _values] : null;
        _negated = match.Negated;
        _min = match.Min ?? double.NegativeInfinity;
        _max = match.Max ?? double.PositiveInfinity;
    }

    private const int FewValues = 8;

    public bool Matches(ItemRecord item, DateTimeOffset now)
    {
        if (_values is not null)
        {
            var text = ItemAttributeReader.Text(item, _attribute);
            return (_few is null ? _values.Contains(text) : ContainsFew(text)) != _negated;
        }

        return ItemAttributeReader.TryNumber(item, _attribute, _name, now, out var value) && value >= _min && value <= _max;
    }

    private bool ContainsFew(string text)
    {
        foreach (var value in _few!)
        {
            if (string.Equals(value, text, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
