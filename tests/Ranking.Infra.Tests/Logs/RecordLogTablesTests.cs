using System.Text.Json;
using Ranking.Infra.Configuration;
using Ranking.Infra.Tests.Iam;

namespace Ranking.Infra.Tests.Logs;

public sealed class RecordLogTablesTests
{
    [Theory]
    [InlineData("Ranking", "ranking_logs")]
    [InlineData("Staging-Eu", "staging_eu_logs")]
    public void Database_IsNamedAfterTheStack_SoStagesShareAnAccount(string stackName, string database)
    {
        var synth = Synth.Run((ContextKeys.StackName, stackName));
        Assert.Equal(database, synth.Single("AWS::Glue::Database").GetProperty("DatabaseInput").GetProperty("Name").GetString());
    }

    [Fact]
    public void ImpressionsTable_HasTheImpressionRecordsColumns()
    {
        Assert.Equal(
            [
                ("log", "string"),
                ("impressionid", "string"),
                ("time", "string"),
                ("surface", "string"),
                ("userid", "string"),
                ("sessionid", "string"),
                ("query", "string"),
                ("context", "map<string,string>"),
                ("model", "struct<name:string,version:string>"),
                ("fallback", "string"),
                ("experiment", "struct<id:string,variant:string,mode:string>"),
                ("features", "array<string>"),
                ("items", "array<struct<itemid:string,position:int,score:double,values:array<double>,team:string>>"),
                ("part", "int"),
                ("parts", "int"),
            ],
            Columns(Table(Synth.Default, "impressions")));
    }

    [Fact]
    public void EventsTable_HasTheEventRecordsColumns()
    {
        Assert.Equal(
            [
                ("log", "string"),
                ("type", "string"),
                ("impressionid", "string"),
                ("itemid", "string"),
                ("userid", "string"),
                ("time", "string"),
                ("value", "double"),
                ("receivedat", "string"),
            ],
            Columns(Table(Synth.Default, "events")));
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("events")]
    public void Table_ReadsItsLogPrefix_AsGzipJsonLines_WithTheOpenXSerDe(string log)
    {
        var synth = Synth.Default;
        var table = Table(synth, log);
        Assert.Equal("EXTERNAL_TABLE", table.GetProperty("TableType").GetString());
        var storage = table.GetProperty("StorageDescriptor");
        Assert.Equal($"s3://{synth.LogicalId(synth.Stack.Data.ModelsBucket)}/logs/{log}/", PolicyStatements.Resources(storage.GetProperty("Location")).Single());
        Assert.Equal("org.apache.hadoop.mapred.TextInputFormat", storage.GetProperty("InputFormat").GetString());
        Assert.Equal("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat", storage.GetProperty("OutputFormat").GetString());
        var serde = storage.GetProperty("SerdeInfo");
        Assert.Equal("org.openx.data.jsonserde.JsonSerDe", serde.GetProperty("SerializationLibrary").GetString());
        Assert.Equal("""{"case.insensitive":"TRUE","ignore.malformed.json":"TRUE"}""", JsonSerializer.Serialize(serde.GetProperty("Parameters")));
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.Database), Assert.Single(synth.Resources("AWS::Glue::Table"), t => t.Properties.GetProperty("TableInput").GetProperty("Name").GetString() == log)
            .Properties.GetProperty("DatabaseName").GetProperty("Ref").GetString());
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("events")]
    public void Table_ProjectsDailyDtPartitions_FromTheDeliveryPrefix(string log)
    {
        var synth = Synth.Default;
        var table = Table(synth, log);
        Assert.Equal([("dt", "string")], Columns(table.GetProperty("PartitionKeys")));
        var parameters = table.GetProperty("Parameters");
        string Parameter(string name) => PolicyStatements.Resources(parameters.GetProperty(name)).Single();
        Assert.Equal("true", Parameter("projection.enabled"));
        Assert.Equal("date", Parameter("projection.dt.type"));
        Assert.Equal("yyyy-MM-dd", Parameter("projection.dt.format"));
        Assert.Equal("2025-01-01,NOW", Parameter("projection.dt.range"));
        Assert.Equal("1", Parameter("projection.dt.interval"));
        Assert.Equal("DAYS", Parameter("projection.dt.interval.unit"));
        Assert.Equal($"s3://{synth.LogicalId(synth.Stack.Data.ModelsBucket)}/logs/{log}/dt=${{dt}}/", Parameter("storage.location.template"));
    }

    private static JsonElement Table(Synthesized synth, string name) =>
        Assert.Single(synth.Resources("AWS::Glue::Table"), t => t.Properties.GetProperty("TableInput").GetProperty("Name").GetString() == name)
            .Properties.GetProperty("TableInput");

    private static List<(string, string)> Columns(JsonElement tableOrColumns)
    {
        var columns = tableOrColumns.ValueKind == JsonValueKind.Array ? tableOrColumns : tableOrColumns.GetProperty("StorageDescriptor").GetProperty("Columns");
        return [.. columns.EnumerateArray().Select(c => (c.GetProperty("Name").GetString()!, c.GetProperty("Type").GetString()!))];
    }
}
