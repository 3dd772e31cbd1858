using Amazon.CDK.AWS.Glue;

namespace Ranking.Infra.Logs;

/// <summary>
/// The Glue columns of the two record logs, as DESIGN.md's impression record and the events API's record spell them.
/// Names are lower case: Athena folds identifiers to lower case, and the OpenX SerDe (<c>case.insensitive</c>, its
/// default) folds the JSON keys likewise, so <c>impressionId</c> in a line fills <c>impressionid</c> and any SQL
/// spelling of it works. <c>time</c> stays a string (ISO 8601 with <c>Z</c>): the SQL parses it, as DuckDB does locally.
/// </summary>
internal static class RecordLogColumns
{
    public static IReadOnlyList<CfnTable.ColumnProperty> Impressions { get; } =
    [
        Column("log", "string"),
        Column("impressionid", "string", "The response's requestId; parts of one impression share it"),
        Column("time", "string", "As-of time of the ranking, ISO 8601 UTC"),
        Column("surface", "string"),
        Column("userid", "string"),
        Column("sessionid", "string", "Set when an anonymous request named its session"),
        Column("query", "string"),
        Column("context", "map<string,string>"),
        Column("model", "struct<name:string,version:string>"),
        Column("fallback", "string", "Null, or the fallback reason"),
        Column("experiment", "struct<id:string,variant:string,mode:string>"),
        Column("features", "array<string>", "Names of the columns of each item's values, in manifest order"),
        Column("items", "array<struct<itemid:string,position:int,score:double,values:array<double>,team:string>>"),
        Column("part", "int"),
        Column("parts", "int"),
    ];

    public static IReadOnlyList<CfnTable.ColumnProperty> Events { get; } =
    [
        Column("log", "string"),
        Column("type", "string", "view, click, like, add_to_cart or purchase"),
        Column("impressionid", "string", "Null: kept for counters, never attributed"),
        Column("itemid", "string"),
        Column("userid", "string"),
        Column("time", "string", "When the event happened, ISO 8601"),
        Column("value", "double", "Price for a purchase"),
        Column("receivedat", "string", "When the API received it, ISO 8601 UTC"),
    ];

    private static CfnTable.ColumnProperty Column(string name, string type, string? comment = null) =>
        new() { Name = name, Type = type, Comment = comment };
}
