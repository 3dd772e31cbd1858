using Amazon.DynamoDBv2.Model;
using Ranking.Core.Data;
using Ranking.Stores.Tables;

using A = Ranking.Contracts.TableSchemas.Items;

namespace Ranking.Stores.Items;

/// <summary><see cref="ItemRecord"/> &lt;-&gt; an items-table item (see <see cref="Contracts.TableSchemas.Items"/>).</summary>
public static class ItemMapper
{
    /// <summary>
    /// Empty strings are left out (older DynamoDB emulators reject them and the record reads them back as empty),
    /// so a round trip is exact.
    /// </summary>
    /// <exception cref="ArgumentException">A non-finite number, or a counter named like a schema attribute.</exception>
    public static Dictionary<string, AttributeValue> ToAttributes(ItemRecord item)
    {
        var attributes = new Dictionary<string, AttributeValue>(9 + item.Numbers.Count, StringComparer.Ordinal)
        {
            [A.ItemId] = AttributeValues.String(item.ItemId),
            [A.Status] = AttributeValues.String(item.Status),
            [A.Price] = AttributeValues.Number(item.Price, $"item {item.ItemId}: price"),
        };
        AddIfNotEmpty(attributes, A.SellerId, item.SellerId);
        AddIfNotEmpty(attributes, A.Title, item.Title);
        AddIfNotEmpty(attributes, A.Brand, item.Brand);
        AddIfNotEmpty(attributes, A.Category, item.Category);
        AddIfNotEmpty(attributes, A.Size, item.Size);
        if (item.ListedAt is { } listedAt)
        {
            attributes[A.ListedAt] = AttributeValues.Timestamp(listedAt);
        }

        foreach (var (name, value) in item.Numbers)
        {
            if (IsSchemaAttribute(name))
            {
                throw new ArgumentException($"item {item.ItemId}: counter '{name}' has the name of a schema attribute.");
            }

            attributes[name] = AttributeValues.Number(value, $"item {item.ItemId}: {name}");
        }

        return attributes;
    }

    /// <exception cref="InvalidDataException">A schema attribute has the wrong type; the message names the item and attribute.</exception>
    public static ItemRecord FromAttributes(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        var itemId = AttributeValues.RequireString(attributes, A.ItemId, "item");
        var record = $"item {itemId}";
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            // Numbers besides the schema's are counters; other unknown attributes are tolerated for forward compatibility.
            if (AttributeValues.IsNumber(value) && !IsSchemaAttribute(name))
            {
                numbers[name] = AttributeValues.ParseNumber(value, record, name);
            }
        }

        return new ItemRecord
        {
            ItemId = itemId,
            SellerId = AttributeValues.GetString(attributes, A.SellerId, record) ?? "",
            Status = Status(AttributeValues.GetString(attributes, A.Status, record)),
            Title = AttributeValues.GetString(attributes, A.Title, record) ?? "",
            Brand = AttributeValues.GetString(attributes, A.Brand, record) ?? "",
            Category = AttributeValues.GetString(attributes, A.Category, record) ?? "",
            Size = AttributeValues.GetString(attributes, A.Size, record) ?? "",
            Price = AttributeValues.GetNumber(attributes, A.Price, record) ?? 0,
            ListedAt = AttributeValues.GetTimestamp(attributes, A.ListedAt, record),
            Numbers = numbers,
        };
    }

    private static void AddIfNotEmpty(Dictionary<string, AttributeValue> attributes, string name, string value)
    {
        if (value.Length > 0)
        {
            attributes[name] = AttributeValues.String(value);
        }
    }

    // The known statuses map to the shared constants so that thousands of cached items do not each hold a copy.
    private static string Status(string? value) => value switch
    {
        null or ItemStatus.Active => ItemStatus.Active,
        ItemStatus.Sold => ItemStatus.Sold,
        ItemStatus.Hidden => ItemStatus.Hidden,
        _ => value,
    };

    private static bool IsSchemaAttribute(string name) => name is A.ItemId or A.SellerId or A.Status or A.Title
        or A.Brand or A.Category or A.Size or A.Price or A.ListedAt;
}
