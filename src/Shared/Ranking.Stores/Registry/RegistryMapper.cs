using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Tables;

using K = Ranking.Contracts.TableSchemas.Models;
using R = Ranking.Stores.Registry.RegistryAttributes;

namespace Ranking.Stores.Registry;

/// <summary><see cref="ModelVersionRecord"/> and <see cref="LiveAlias"/> &lt;-&gt; models-table items, by hand (no reflection under AOT).</summary>
internal static class RegistryMapper
{
    public static Dictionary<string, AttributeValue> Key(string name, string sortKey) => new(2, StringComparer.Ordinal)
    {
        [K.Name] = AttributeValues.String(name),
        [K.Version] = AttributeValues.String(sortKey),
    };

    public static Dictionary<string, AttributeValue> ToAttributes(ModelVersionRecord record)
    {
        var what = $"model {record.Name}/{record.Version}";
        var item = Key(record.Name, record.Version);
        item[R.Status] = AttributeValues.String(record.Status.ToText());
        item[R.Sha256] = AttributeValues.String(record.Sha256);
        item[R.Location] = AttributeValues.String(record.Location);
        item[R.Metrics] = AttributeValues.NumberMap(record.Metrics, $"{what} metrics");
        item[R.PublishedAt] = AttributeValues.Timestamp(record.PublishedAt);
        item[R.UpdatedAt] = AttributeValues.Timestamp(record.UpdatedAt);
        if (record.Reason is { Length: > 0 } reason)
        {
            item[R.Reason] = AttributeValues.String(reason);
        }

        return item;
    }

    /// <exception cref="InvalidDataException">An attribute is missing or has the wrong type; the message names the version and attribute.</exception>
    public static ModelVersionRecord ToRecord(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var name = AttributeValues.RequireString(item, K.Name, "model");
        var version = AttributeValues.RequireString(item, K.Version, $"model {name}");
        var what = $"model {name}/{version}";
        var statusText = AttributeValues.RequireString(item, R.Status, what);
        if (!ModelStatusText.TryParse(statusText, out var status))
        {
            throw AttributeValues.Bad(what, R.Status, $"is '{statusText}', not a model status");
        }

        return new ModelVersionRecord
        {
            Name = name,
            Version = version,
            Status = status.Value,
            Reason = AttributeValues.GetString(item, R.Reason, what),
            Sha256 = AttributeValues.RequireString(item, R.Sha256, what),
            Location = AttributeValues.RequireString(item, R.Location, what),
            Metrics = AttributeValues.GetNumberMap(item, R.Metrics, what),
            PublishedAt = AttributeValues.GetTimestamp(item, R.PublishedAt, what) ?? default,
            UpdatedAt = AttributeValues.GetTimestamp(item, R.UpdatedAt, what) ?? default,
        };
    }

    public static Dictionary<string, AttributeValue> ToAttributes(LiveAlias alias)
    {
        var history = new List<AttributeValue>(alias.History.Count);
        foreach (var version in alias.History)
        {
            history.Add(AttributeValues.String(version));
        }

        var item = Key(alias.Name, R.LiveAliasKey);
        item[R.LiveVersion] = AttributeValues.String(alias.Version);
        // An empty list is a valid L value in DynamoDB (unlike an empty string set).
        item[R.History] = new AttributeValue { L = history };
        item[R.Revision] = AttributeValues.Integer(alias.Revision);
        item[R.UpdatedAt] = AttributeValues.Timestamp(alias.UpdatedAt);
        return item;
    }

    public static LiveAlias ToAlias(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var name = AttributeValues.RequireString(item, K.Name, "live alias");
        var what = $"live alias of {name}";
        var history = new List<string>();
        if (item.TryGetValue(R.History, out var value) && value.L is { } list)
        {
            foreach (var entry in list)
            {
                history.Add(entry.S ?? throw AttributeValues.Bad(what, $"{R.History}[{history.Count}]", "must be a string (S)"));
            }
        }

        return new LiveAlias
        {
            Name = name,
            Version = AttributeValues.RequireString(item, R.LiveVersion, what),
            History = history,
            Revision = AttributeValues.GetInteger(item, R.Revision, what) ?? throw AttributeValues.Bad(what, R.Revision, "is required"),
            UpdatedAt = AttributeValues.GetTimestamp(item, R.UpdatedAt, what) ?? default,
        };
    }
}
