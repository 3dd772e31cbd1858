using System.Globalization;
using Ranking.Cli.Rendering;
using Ranking.Stores.Registry;
using Spectre.Console;

namespace Ranking.Cli.Registry;

/// <summary>Registry contents as tables for people; the live version is marked so it stands out in a long list.</summary>
internal static class ModelTables
{
    public static Table Versions(IReadOnlyList<ModelVersionRecord> records, IReadOnlyDictionary<string, LiveAlias> live)
    {
        var table = new Table().AddColumns("name", "version", "status", "ndcg@10", "published", "reason");
        foreach (var record in records)
        {
            var isLive = live.TryGetValue(record.Name, out var alias) && alias.Version == record.Version;
            var status = Markup.Escape(record.Status.ToText());
            table.AddRow(
                Markup.Escape(record.Name),
                isLive ? $"[bold green]{Markup.Escape(record.Version)} *[/]" : Markup.Escape(record.Version),
                isLive ? $"[green]{status}[/]" : status,
                record.Metrics.TryGetValue("ndcg@10", out var ndcg) ? MetricsTable.Format(ndcg) : "-",
                record.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                Markup.Escape(record.Reason ?? ""));
        }

        table.Caption = new TableTitle("* = the live alias");
        return table;
    }

    public static Grid Details(ModelVersionRecord record, LiveAlias? live)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string key, string value) => grid.AddRow($"[bold]{key}[/]", Markup.Escape(value));
        Row("name", record.Name);
        Row("version", record.Version);
        Row("status", record.Status.ToText() + (live?.Version == record.Version ? " (live alias)" : ""));
        if (record.Reason is { } reason)
        {
            Row("reason", reason);
        }

        Row("sha256", record.Sha256);
        Row("location", record.Location);
        foreach (var (metric, value) in record.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Row(metric, MetricsTable.Format(value));
        }

        Row("published", record.PublishedAt.ToString("u", CultureInfo.InvariantCulture));
        Row("updated", record.UpdatedAt.ToString("u", CultureInfo.InvariantCulture));
        return grid;
    }
}
