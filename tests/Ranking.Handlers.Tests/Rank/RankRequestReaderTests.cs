using System.Text;
using Ranking.Handlers.Http;
using Ranking.Handlers.Rank;

namespace Ranking.Handlers.Tests.Rank;

public sealed class RankRequestReaderTests
{
    private static RankRequest Accepted(string json)
    {
        Assert.True(RankRequestReader.TryRead(Encoding.UTF8.GetBytes(json), 5, out var request, out var error), error?.Message);
        return request;
    }

    private static ApiError Rejected(string json)
    {
        Assert.False(RankRequestReader.TryRead(Encoding.UTF8.GetBytes(json), 5, out var request, out var error));
        Assert.Null(request);
        return error;
    }

    [Fact]
    public void Read_WithFullRequest_ParsesEveryField()
    {
        var request = Accepted("""
            {"surface":"feed","userId":"u_1","query":"levis 501","context":{"platform":"ios","hour":9},
             "candidates":[{"itemId":"i_1","features":{"retrieval_score":12.5}},{"itemId":"i_2"}],"limit":1,"explain":true}
            """);

        Assert.Equal("feed", request.Surface);
        Assert.Equal("u_1", request.UserId);
        Assert.Equal("levis 501", request.Query);
        Assert.Equal("ios", request.Context!["platform"].Text);
        Assert.Equal(9, request.Context["hour"].Number);
        Assert.Equal(12.5, request.Candidates[0].Features!["retrieval_score"]);
        Assert.Null(request.Candidates[1].Features);
        Assert.Equal(1, request.Limit);
        Assert.True(request.Explain);
    }

    [Fact]
    public void Read_WithExcludeAndPins_ParsesThem()
    {
        var request = Accepted("""
            {"surface":"feed","candidates":[{"itemId":"a"},{"itemId":"b"},{"itemId":"c"}],"exclude":["c","zz"],"pins":[{"itemId":"b","position":1}]}
            """);

        Assert.Equal(["c", "zz"], request.Exclude!.Order(StringComparer.Ordinal));
        Assert.Equal([new Core.Rules.Pin("b", 1)], request.Pins!);
    }

    [Theory]
    [InlineData("{\"surface\":", "invalid_json", "not valid JSON")]
    [InlineData("[1]", "invalid_request", "request body must be a JSON object")]
    [InlineData("{\"candidates\":[{\"itemId\":\"a\"}]}", "invalid_request", "surface is required")]
    [InlineData("{\"surface\":\"Feed!\",\"candidates\":[{\"itemId\":\"a\"}]}", "invalid_request", "surface must match")]
    [InlineData("{\"surface\":\"feed\"}", "invalid_request", "candidates is required")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[]}", "invalid_request", "candidates must not be empty")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"},{\"itemId\":\"\"}]}", "invalid_request", "candidates[1].itemId must be a non-empty string")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":7}]}", "invalid_request", "candidates[0].itemId must be a non-empty string")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[\"a\"]}", "invalid_request", "candidates[0] must be an object")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\",\"features\":{\"x\":\"NaN\"}}]}", "invalid_request", "candidates[0].features.x must be a finite number")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\",\"features\":{\"x\":1e999}}]}", "invalid_request", "candidates[0].features.x must be a finite number")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"limit\":0}", "invalid_request", "limit must be an integer >= 1")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"limit\":2.5}", "invalid_request", "limit must be an integer >= 1")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"explain\":\"yes\"}", "invalid_request", "explain must be true or false")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"userId\":\"\"}", "invalid_request", "userId must not be empty")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"context\":{\"p\":[1]}}", "invalid_request", "context.p must be a string or a finite number")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"limt\":3}", "invalid_request", "unknown field 'limt'")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"exclude\":\"a\"}", "invalid_request", "exclude must be an array of item ids")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"exclude\":[\"b\",\"\"]}", "invalid_request", "exclude[1] must be a non-empty string")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"exclude\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}", "invalid_request", "exclude has 6 entries, at most 5 are allowed")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"pins\":{}}", "invalid_request", "pins must be an array of {itemId, position}")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"pins\":[{\"itemId\":\"b\",\"position\":1}]}", "invalid_request", "pins[0].itemId 'b' is not among the candidates")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"pins\":[{\"itemId\":\"a\",\"position\":2}]}", "invalid_request", "pins[0].position must be an integer from 1 to the number of candidates (1)")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"pins\":[{\"itemId\":\"a\"}]}", "invalid_request", "pins[0].position must be an integer")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"pins\":[{\"itemId\":\"a\",\"position\":1,\"rank\":1}]}", "invalid_request", "pins[0]: unknown field 'rank' (fields: itemId, position)")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"},{\"itemId\":\"b\"}],\"pins\":[{\"itemId\":\"a\",\"position\":1},{\"itemId\":\"b\",\"position\":1}]}", "invalid_request", "pins[1].position 1 is pinned twice")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"},{\"itemId\":\"b\"}],\"pins\":[{\"itemId\":\"a\",\"position\":1},{\"itemId\":\"a\",\"position\":2}]}", "invalid_request", "pins[1].itemId 'a' is pinned twice")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"exclude\":[\"a\"],\"pins\":[{\"itemId\":\"a\",\"position\":1}]}", "invalid_request", "pins[0].itemId 'a' is also excluded")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"time\":\"yesterday\"}", "invalid_request", "time must be an ISO 8601 date-time with an offset")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"time\":\"2026-12-02T10:00:00\"}", "invalid_request", "time must be an ISO 8601 date-time with an offset")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"}],\"time\":1764669600}", "invalid_request", "time must be an ISO 8601 date-time with an offset")]
    [InlineData("{\"surface\":\"feed\",\"surface\":\"search\",\"candidates\":[{\"itemId\":\"a\"}]}", "invalid_json", "Duplicate property 'surface'")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"\\ud800\"}]}", "invalid_request", "candidates[0].itemId is not valid Unicode text")]
    [InlineData("{\"surface\":\"feed\",\"query\":\"a\\udc00b\",\"candidates\":[{\"itemId\":\"a\"}]}", "invalid_request", "query is not valid Unicode text")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\",\"features\":{\"\\ud83d\":1}}]}", "invalid_request", "candidates[0].features has a property name that is not valid Unicode")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\",\"features\":{\"x\":1,\"x\":2}}]}", "invalid_json", "Duplicate property 'x'")]
    [InlineData("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"},{\"itemId\":\"b\"},{\"itemId\":\"c\"},{\"itemId\":\"d\"},{\"itemId\":\"e\"},{\"itemId\":\"f\"}]}", "too_many_candidates", "candidates has 6 entries, at most 5")]
    public void Read_WithBadInput_NamesTheProblem(string json, string code, string message)
    {
        var error = Rejected(json);

        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-02T10:00:00.123Z")]
    [InlineData("2026-12-02T11:00:00.123+01:00")]
    public void Read_WithTime_TakesItAsUtc(string time)
    {
        var request = Accepted($$"""{"surface":"feed","candidates":[{"itemId":"a"}],"time":"{{time}}"}""");

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, 123, TimeSpan.Zero), request.Time);
        Assert.Equal(TimeSpan.Zero, request.Time!.Value.Offset);
    }

    [Fact]
    public void Read_WithoutTime_LeavesItToTheClock() => Assert.Null(Accepted("""{"surface":"feed","candidates":[{"itemId":"a"}]}""").Time);

    [Fact]
    public void Read_WithOverlongQueryOrItemId_RejectsIt()
    {
        var query = new string('q', RankRequestReader.MaxQueryLength + 1);
        var id = new string('i', RankRequestReader.MaxIdLength + 1);

        Assert.Contains("query must be at most 512", Rejected($"{{\"surface\":\"feed\",\"query\":\"{query}\",\"candidates\":[{{\"itemId\":\"a\"}}]}}").Message, StringComparison.Ordinal);
        Assert.Contains("candidates[0].itemId must be at most 128", Rejected($"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"{id}\"}}]}}").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithTooManyContextEntries_RejectsIt()
    {
        var entries = string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"k{i}\":{i}"));

        var error = Rejected($"{{\"surface\":\"feed\",\"context\":{{{entries}}},\"candidates\":[{{\"itemId\":\"a\"}}]}}");

        Assert.Contains("at most 32 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithRawInvalidUtf8InAString_Answers400NamingTheField()
    {
        var body = Encoding.UTF8.GetBytes("{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"a\"},{\"itemId\":\"bX\"}]}");
        body[Array.LastIndexOf(body, (byte)'X')] = 0xFF;

        Assert.False(RankRequestReader.TryRead(body, 5, out var request, out var error));

        Assert.Null(request);
        Assert.Equal("invalid_request", error.Code);
        Assert.StartsWith("candidates[1].itemId is not valid Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithAValidSurrogatePairAndEscapes_KeepsTheText()
    {
        var request = Accepted("{\"surface\":\"feed\",\"query\":\"\\ud83d\\ude00 caf\\u00e9\",\"candidates\":[{\"itemId\":\"\u00e9\"}]}");

        Assert.Equal("\ud83d\ude00 caf\u00e9", request.Query);
        Assert.Equal("\u00e9", request.Candidates[0].ItemId);
    }

    [Fact]
    public void Read_WithAHundredThousandDistinctNames_IsRejectedInLinearTime()
    {
        // A quadratic duplicate-name check took minutes on a body like this one (1 MiB of names): a denial of service.
        var names = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"k{i}\":0"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = Rejected($"{{\"surface\":\"feed\",\"context\":{{{names}}},\"candidates\":[{{\"itemId\":\"a\"}}]}}");

        Assert.Contains("at most 32 entries", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.ElapsedMilliseconds} ms");
    }
}
