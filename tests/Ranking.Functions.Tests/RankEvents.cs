using System.Text.Json;

namespace Ranking.Functions.Tests;

/// <summary>An API Gateway rank event the end-to-end tests share, and what to read from the function's answer.</summary>
internal static class RankEvents
{
    /// <summary>User u_1's feed over three sample items.</summary>
    public const string FeedOfThree = """
        {"version":"2.0","routeKey":"$default","rawPath":"/v1/rank","rawQueryString":"","headers":{"content-type":"application/json"},
         "requestContext":{"requestId":"r-feed","http":{"method":"POST","path":"/v1/rank"}},
         "body":"{\"surface\":\"feed\",\"userId\":\"u_1\",\"candidates\":[{\"itemId\":\"i_1\"},{\"itemId\":\"i_2\"},{\"itemId\":\"i_3\"}]}","isBase64Encoded":false}
        """;

    /// <summary>The model version that scored a 200 answer (the test fails on any other status).</summary>
    public static string? ServedVersion(JsonElement response)
    {
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        using var body = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        return body.RootElement.GetProperty("model").GetProperty("version").GetString();
    }
}
