using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Stores.Files;

namespace Ranking.Stores.Users;

/// <summary>The user line format: numeric attributes at the top level plus three affinity maps.</summary>
internal static class UserJson
{
    public static UserRecord Parse(byte[] line)
    {
        var reader = JsonFields.Open(line);
        string? userId = null;
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        Dictionary<string, double>? brands = null, categories = null, sizes = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonFields.Name(ref reader);
            switch (name)
            {
                case "userId": userId = JsonFields.String(ref reader, name); break;
                case "brandAffinity": brands = JsonFields.NumberMap(ref reader, name); break;
                case "categoryAffinity": categories = JsonFields.NumberMap(ref reader, name); break;
                case "sizeAffinity": sizes = JsonFields.NumberMap(ref reader, name); break;
                default: JsonFields.NumberOrSkip(ref reader, name, numbers); break;
            }
        }

        JsonFields.End(ref reader);
        return new UserRecord
        {
            UserId = JsonFields.Required(userId, "userId"),
            Numbers = numbers,
            BrandAffinity = brands ?? new(StringComparer.Ordinal),
            CategoryAffinity = categories ?? new(StringComparer.Ordinal),
            SizeAffinity = sizes ?? new(StringComparer.Ordinal),
        };
    }

    public static string Format(UserRecord user) => JsonFields.Format(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("userId", user.UserId);
        foreach (var key in JsonFields.SortedKeys(user.Numbers))
        {
            writer.WriteNumber(key, user.Numbers[key]);
        }

        JsonFields.WriteNumberMap(writer, "brandAffinity", user.BrandAffinity);
        JsonFields.WriteNumberMap(writer, "categoryAffinity", user.CategoryAffinity);
        JsonFields.WriteNumberMap(writer, "sizeAffinity", user.SizeAffinity);
        writer.WriteEndObject();
    });
}
