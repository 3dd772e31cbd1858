namespace Ranking.Handlers.Impressions;

/// <summary>The record logs of DESIGN.md's "Where logs go": folder names locally, <c>logs/{name}/</c> prefixes in the bucket.</summary>
public static class RecordLogs
{
    public const string Impressions = "impressions";
    public const string Events = "events";
}
