using System.Text;
using System.Text.Json;

namespace Ranking.ColdStart;

/// <summary>The three functions with a representative first event each, as their end-to-end tests send them.</summary>
internal static class FunctionCases
{
    // Feed surface, five distinct known items plus one unknown: the full path (stores, features, model) runs.
    private const string RankBody = """
        {"surface":"feed","userId":"u_1","context":{"platform":"ios"},
         "candidates":[{"itemId":"i_474"},{"itemId":"i_239"},{"itemId":"i_2062"},{"itemId":"i_2080"},{"itemId":"nope"}],"limit":10}
        """;

    private const string ScheduledEvent = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-11-24T07:00:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/ranking-model-refresh"],"detail":{}}
        """;

    public static IReadOnlyList<FunctionCase> All { get; } =
    [
        new("Ranking.Functions.Rank", "Rank", Utf8(RankEvent()), CheckRank),
        new("Ranking.Functions.FeedRerank", "FeedRerank", Utf8(FeedBatch()), CheckFeed),
        new("Ranking.Functions.ModelRefresh", "ModelRefresh", Utf8(ScheduledEvent), CheckRefresh),
    ];

    private static string RankEvent() => $$"""
        {"version":"2.0","routeKey":"$default","rawPath":"/v1/rank","rawQueryString":"",
         "headers":{"content-type":"application/json","host":"api.example.com"},
         "requestContext":{"requestId":"cold-start-1","http":{"method":"POST","path":"/v1/rank","protocol":"HTTP/1.1","sourceIp":"192.0.2.1"},"timeEpoch":1767225600000},
         "body":{{JsonString(RankBody)}},"isBase64Encoded":false}
        """;

    private static string FeedBatch() => $$"""
        {"Records":[{"messageId":"m-1","receiptHandle":"handle-m-1","body":{{JsonString("""{"userId":"u_2","surface":"feed"}""")}},
         "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1767225600000"},"messageAttributes":{},"md5OfBody":"",
         "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:ranking-feed-rerank","awsRegion":"us-east-1"}]}
        """;

    private static string? CheckRank(JsonElement response) =>
        response.TryGetProperty("statusCode", out var status) && status.GetInt32() == 200 ? null : "HTTP response is not 200: " + response.GetRawText();

    private static string? CheckFeed(JsonElement response) =>
        response.TryGetProperty("batchItemFailures", out var failures) && failures.GetArrayLength() == 0 ? null : "batch item failed: " + response.GetRawText();

    private static string? CheckRefresh(JsonElement response) =>
        response.TryGetProperty("models", out var models) && models.GetArrayLength() > 0 ? null : "no models reported: " + response.GetRawText();

    private static string JsonString(string text) => JsonSerializer.Serialize(text);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
