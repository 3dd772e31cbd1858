using Ranking.Contracts.Rules;
using Ranking.Core.Data;

namespace Ranking.Core.Rules;

/// <summary>An attribute a rule reads, resolved once when the rules are built so a request switches on an enum, not a name.</summary>
internal enum ItemAttribute
{
    SellerId,
    Brand,
    Category,
    Size,
    Status,
    Price,
    AgeDays,
    /// <summary>One of <see cref="ItemRecord.Numbers"/>, by name.</summary>
    Number,
}

internal static class ItemAttributeReader
{
    public static ItemAttribute Parse(string name) => name switch
    {
        ItemAttributes.SellerId => ItemAttribute.SellerId,
        ItemAttributes.Brand => ItemAttribute.Brand,
        ItemAttributes.Category => ItemAttribute.Category,
        ItemAttributes.Size => ItemAttribute.Size,
        ItemAttributes.Status => ItemAttribute.Status,
        ItemAttributes.Price => ItemAttribute.Price,
        ItemAttributes.AgeDays => ItemAttribute.AgeDays,
        _ => ItemAttribute.Number,
    };

    public static string Text(ItemRecord item, ItemAttribute attribute) => attribute switch
    {
        ItemAttribute.SellerId => item.SellerId,
        ItemAttribute.Brand => item.Brand,
        ItemAttribute.Category => item.Category,
        ItemAttribute.Size => item.Size,
        ItemAttribute.Status => item.Status,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "not a text attribute"),
    };

    /// <summary>False when the item has no such value: no number of that name, or no listing time.</summary>
    public static bool TryNumber(ItemRecord item, ItemAttribute attribute, string name, DateTimeOffset now, out double value)
    {
        switch (attribute)
        {
            case ItemAttribute.Price:
                value = item.Price;
                return true;
            case ItemAttribute.AgeDays when item.ListedAt is { } listed:
                value = (now - listed).TotalDays;
                return true;
            case ItemAttribute.Number:
                return item.Numbers.TryGetValue(name, out value);
            default:
                value = 0;
                return false;
        }
    }
}
