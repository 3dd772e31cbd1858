using System.Text;
using System.Text.Json;
using FsCheck.Xunit;
using Ranking.Lambda.Events;

namespace Ranking.Lambda.Tests.Events;

/// <summary>API Gateway HTTP API payload format 2.0, from the documented request and response shapes.</summary>
public sealed class HttpApiRequestTests
{
    private const string DocumentedRequest = """
        {
          "version": "2.0",
          "routeKey": "POST /v1/rank",
          "rawPath": "/v1/rank",
          "rawQueryString": "debug=1&explain=true",
          "cookies": ["session=abc"],
          "headers": {
            "content-type": "application/json",
            "x-forwarded-for": "203.0.113.7",
            "accept": "application/json,text/plain"
          },
          "queryStringParameters": { "debug": "1", "explain": "true" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "a1b2c3d4e5",
            "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
            "http": {
              "method": "POST",
              "path": "/v1/rank",
              "protocol": "HTTP/1.1",
              "sourceIp": "203.0.113.7",
              "userAgent": "okhttp/4.12"
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "POST /v1/rank",
            "stage": "$default",
            "time": "12/Mar/2025:19:03:58 +0000",
            "timeEpoch": 1741806238000
          },
          "body": "{\"surface\":\"feed\"}",
          "pathParameters": null,
          "isBase64Encoded": false,
          "stageVariables": null
        }
        """;

    private static HttpApiRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, LambdaJsonContext.Default.HttpApiRequest)!;

    [Fact]
    public void Parse_DocumentedRequest_ReadsEveryContractField()
    {
        var request = Parse(DocumentedRequest);

        Assert.Equal("2.0", request.Version);
        Assert.Equal("POST /v1/rank", request.RouteKey);
        Assert.Equal("/v1/rank", request.RawPath);
        Assert.Equal("debug=1&explain=true", request.RawQueryString);
        Assert.Equal("true", request.QueryStringParameters!["explain"]);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/rank", request.RequestContext!.Http!.Path);
        Assert.Equal("JKJaXmPLvHcESHA=", request.RequestContext.RequestId);
        Assert.Equal(1741806238000, request.RequestContext.TimeEpoch);
        Assert.Equal("""{"surface":"feed"}""", request.Body);
        Assert.False(request.IsBase64Encoded);
    }

    [Theory]
    [InlineData("content-type")]
    [InlineData("Content-Type")]
    [InlineData("CONTENT-TYPE")]
    public void GetHeader_AnyCase_FindsTheLowerCasedHeader(string name) =>
        Assert.Equal("application/json", Parse(DocumentedRequest).GetHeader(name));

    [Fact]
    public void GetHeader_MixedCaseNameInEvent_IsFoundCaseInsensitively()
    {
        var request = new HttpApiRequest { Headers = new() { ["X-Api-Key"] = "k" } };

        Assert.Equal("k", request.GetHeader("x-api-key"));
        Assert.Null(request.GetHeader("authorization"));
        Assert.Null(new HttpApiRequest().GetHeader("x-api-key"));
    }

    [Fact]
    public void TryDecodeBody_PlainBody_ReturnsItsUtf8Bytes()
    {
        Assert.True(Parse(DocumentedRequest).TryDecodeBody(out var body, out var error));

        Assert.Null(error);
        Assert.Equal("""{"surface":"feed"}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void TryDecodeBody_Base64FlaggedBody_ReturnsDecodedBytes()
    {
        var request = new HttpApiRequest { Body = Convert.ToBase64String("{\"é\":1}"u8), IsBase64Encoded = true };

        Assert.True(request.TryDecodeBody(out var body, out _));

        Assert.Equal("{\"é\":1}", Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("abc")]
    [InlineData("{\"surface\":\"feed\"}")]
    public void TryDecodeBody_InvalidBase64_ReturnsFalseWithAClearMessage(string body)
    {
        var request = new HttpApiRequest { Body = body, IsBase64Encoded = true };

        Assert.False(request.TryDecodeBody(out var bytes, out var error));

        Assert.Empty(bytes);
        Assert.Contains("base64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeBody_NoBody_ReturnsEmpty()
    {
        Assert.True(new HttpApiRequest { IsBase64Encoded = true }.TryDecodeBody(out var body, out _));
        Assert.Empty(body);
    }

    [Property]
    public bool TryDecodeBody_AnyBytesSentAsBase64_RoundTrip(byte[] bytes)
    {
        var request = new HttpApiRequest { Body = Convert.ToBase64String(bytes), IsBase64Encoded = true };
        return request.TryDecodeBody(out var body, out _) && body.AsSpan().SequenceEqual(bytes);
    }

    [Fact]
    public void Response_Serialised_HasTheDocumentedMemberNamesAndRoundTrips()
    {
        var response = HttpApiResponse.Json(400, """{"error":{"code":"invalid_json"}}"""u8);

        var json = JsonSerializer.Serialize(response, LambdaJsonContext.Default.HttpApiResponse);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var parsed = JsonSerializer.Deserialize(json, LambdaJsonContext.Default.HttpApiResponse)!;

        Assert.Equal(400, root.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", root.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("""{"error":{"code":"invalid_json"}}""", root.GetProperty("body").GetString());
        Assert.False(root.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(root.TryGetProperty("cookies", out _));
        Assert.Equal(response.Body, parsed.Body);
        Assert.Equal(response.StatusCode, parsed.StatusCode);
    }
}
