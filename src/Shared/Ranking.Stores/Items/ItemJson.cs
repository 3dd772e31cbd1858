using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Stores.Files;

namespace Ranking.Stores.Items;

/// <summary>The item line format. Any top-level numeric property besides <c>price</c> is a counter in <see cref="ItemRecord.Numbers"/>.</summary>
internal static class ItemJson
{
    public static ItemRecord Parse(byte[] line)
    {
        var reader = JsonFields.Open(line);
        string? itemId = null;
        string sellerId = "", status = ItemStatus.Active, title = "", brand = "", category = "", size = "";
        double price = 0;
        DateTimeOffset? listedAt = null;
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonFields.Name(ref reader);
            switch (name)
            {
                case "itemId": itemId = JsonFields.String(ref reader, name); break;
                case "sellerId": sellerId = JsonFields.String(ref reader, name); break;
                case "status": status = Status(JsonFields.String(ref reader, name)); break;
                case "title": title = JsonFields.String(ref reader, name); break;
                case "brand": brand = JsonFields.String(ref reader, name); break;
                case "category": category = JsonFields.String(ref reader, name); break;
                case "size": size = JsonFields.String(ref reader, name); break;
                case "price": price = JsonFields.Number(ref reader, name); break;
                case "listedAt":
                    listedAt = reader.TokenType == JsonTokenType.Null ? null : JsonFields.Timestamp(ref reader, name);
                    break;
                default: JsonFields.NumberOrSkip(ref reader, name, numbers); break;
            }
        }

        JsonFields.End(ref reader);
        return new ItemRecord
        {
            ItemId = JsonFields.Required(itemId, "itemId"),
            SellerId = sellerId,
            Status = status,
            Title = title,
            Brand = brand,
            Category = category,
            Size = size,
            Price = price,
            ListedAt = listedAt,
            Numbers = numbers,
        };
    }

    public static string Format(ItemRecord item) => JsonFields.Format(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("itemId", item.ItemId);
        writer.WriteString("sellerId", item.SellerId);
        writer.WriteString("status", item.Status);
        writer.WriteString("title", item.Title);
        writer.WriteString("brand", item.Brand);
        writer.WriteString("category", item.Category);
        writer.WriteString("size", item.Size);
        writer.WriteNumber("price", item.Price);
        if (item.ListedAt is { } listedAt)
        {
            writer.WriteString("listedAt", JsonFields.FormatTimestamp(listedAt));
        }

        foreach (var key in JsonFields.SortedKeys(item.Numbers))
        {
            writer.WriteNumber(key, item.Numbers[key]);
        }

        writer.WriteEndObject();
    });

    private static string Status(string value) => value switch
    {
        ItemStatus.Active => ItemStatus.Active,
        ItemStatus.Sold => ItemStatus.Sold,
        ItemStatus.Hidden => ItemStatus.Hidden,
        _ => throw new FormatException($"'status' must be active, sold or hidden, not '{value}'"),
    };
}
