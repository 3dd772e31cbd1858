using Ranking.Contracts.Rules;
using Ranking.Core.Data;

namespace Ranking.Core.Rules;

/// <summary>An <see cref="ItemMatch"/> made ready to test items: the attribute resolved, the text values in a set.</summary>
internal sealed class ItemCondition
{
    private readonly ItemAttribute _attribute;
    private readonly string _name;
    private readonly HashSet<string>? _values;
    private readonly bool _negated;
    private readonly double _min;
    private readonly double _max;

    public ItemCondition(ItemMatch match)
    {
        _attribute = ItemAttributeReader.Parse(match.Attribute);
        _name = match.Attribute;
        _values = match.Values is null ? null : new HashSet<string>(match.Values, StringComparer.OrdinalIgnoreCase);
        _negated = match.Negated;
        _min = match.Min ?? double.NegativeInfinity;
        _max = match.Max ?? double.PositiveInfinity;
    }

    public bool Matches(ItemRecord item, DateTimeOffset now)
    {
        if (_values is not null)
        {
            return _values.Contains(ItemAttributeReader.Text(item, _attribute)) != _negated;
        }

        return ItemAttributeReader.TryNumber(item, _attribute, _name, now, out var value) && value >= _min && value <= _max;
    }
}
