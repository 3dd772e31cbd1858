using Amazon.DynamoDBv2.Model;
using Ranking.Core.Data;
using Ranking.Stores.Tables;

using A = Ranking.Contracts.TableSchemas.Users;

namespace Ranking.Stores.Users;

/// <summary><see cref="UserRecord"/> &lt;-&gt; a users-table item (see <see cref="Contracts.TableSchemas.Users"/>).</summary>
public static class UserMapper
{
    /// <summary>Empty affinity maps are left out; they read back as empty.</summary>
    /// <exception cref="ArgumentException">A non-finite number, or a numeric attribute named like a schema attribute.</exception>
    public static Dictionary<string, AttributeValue> ToAttributes(UserRecord user)
    {
        var attributes = new Dictionary<string, AttributeValue>(4 + user.Numbers.Count, StringComparer.Ordinal)
        {
            [A.UserId] = AttributeValues.String(user.UserId),
        };
        AddMap(attributes, A.BrandAffinity, user.BrandAffinity, user.UserId);
        AddMap(attributes, A.CategoryAffinity, user.CategoryAffinity, user.UserId);
        AddMap(attributes, A.SizeAffinity, user.SizeAffinity, user.UserId);
        foreach (var (name, value) in user.Numbers)
        {
            if (IsSchemaAttribute(name))
            {
                throw new ArgumentException($"user {user.UserId}: numeric attribute '{name}' has the name of a schema attribute.");
            }

            attributes[name] = AttributeValues.Number(value, $"user {user.UserId}: {name}");
        }

        return attributes;
    }

    /// <exception cref="InvalidDataException">A schema attribute has the wrong type; the message names the user and attribute.</exception>
    public static UserRecord FromAttributes(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        var userId = AttributeValues.RequireString(attributes, A.UserId, "user");
        var record = $"user {userId}";
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (AttributeValues.IsNumber(value) && !IsSchemaAttribute(name))
            {
                numbers[name] = AttributeValues.ParseNumber(value, record, name);
            }
        }

        return new UserRecord
        {
            UserId = userId,
            Numbers = numbers,
            BrandAffinity = AttributeValues.GetNumberMap(attributes, A.BrandAffinity, record),
            CategoryAffinity = AttributeValues.GetNumberMap(attributes, A.CategoryAffinity, record),
            SizeAffinity = AttributeValues.GetNumberMap(attributes, A.SizeAffinity, record),
        };
    }

    private static void AddMap(Dictionary<string, AttributeValue> attributes, string name, Dictionary<string, double> map, string userId)
    {
        if (map.Count > 0)
        {
            attributes[name] = AttributeValues.NumberMap(map, $"user {userId}: {name}");
        }
    }

    private static bool IsSchemaAttribute(string name) => name is A.UserId or A.BrandAffinity or A.CategoryAffinity or A.SizeAffinity;
}
