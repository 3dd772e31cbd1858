using System.Text;
using System.Text.Json;
using Ranking.Testing.Functions;
using Ranking.Testing.Fuzz;
using Xunit.Abstractions;

namespace Ranking.Functions.Tests;

/// <summary>
/// The serve fuzz's malformed bodies, as API Gateway events through the published Rank bootstrap, plus events that
/// are themselves damaged: no invocation error (API Gateway would turn it into a 5xx), no 5xx, the documented shape.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class RankFuzzTests(FunctionsFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261202;
    private const int MaxBodyBytes = 16 * 1024;

    private RunningFunction _function = null!;

    public async Task InitializeAsync() =>
        _function = await RunningFunction.StartAsync(fixture.Bootstrap(FunctionsFixture.Rank), api =>
        {
            var environment = fixture.Bed.Environment(api);
            environment["RANKING_MODEL_DIR"] = Path.Combine(FunctionTestBed.SamplesDirectory, "models");
            environment["RANKING_MAX_BODY_BYTES"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return environment;
        });

    public async Task DisposeAsync() => await _function.DisposeAsync();

    [Fact]
    public async Task MalformedBodiesAndEvents_NeverErrorOrGet5xx_AndAnswerInTheDocumentedShape()
    {
        var random = new Random(Seed);
        var events = MalformedRequests.Generate(Seed, 450, MaxBodyBytes).Select(r => (r.Kind, Event(r.Body, random))).Concat(DamagedEvents(random)).ToList();
        var statuses = new Dictionary<int, int>();

        foreach (var (kind, payload) in events)
        {
            // InvokeAsync fails the test on an invocation error: the bootstrap must always answer.
            var response = await _function.InvokeAsync(payload);
            var status = response.GetProperty("statusCode").GetInt32();
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = Encoding.UTF8.GetBytes(response.GetProperty("body").GetString()!);
            Assert.True(ErrorShape.Problem(status, body) is null, $"{kind}: {ErrorShape.Problem(status, body)}");
            GatewayContract.Check(payload, response);
        }

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(statuses.Keys.All(s => s < 500));
        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.GetValueOrDefault(400) > 0);
    }

    /// <summary>Text bodies as API Gateway sends them; bodies that are not valid UTF-8 arrive base64-encoded.</summary>
    private static byte[] Event(byte[] body, Random random)
    {
        var text = IsUtf8(body) && random.Next(4) != 0 ? Encoding.UTF8.GetString(body) : null;
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = "/v1/rank",
            ["rawQueryString"] = "",
            ["headers"] = new Dictionary<string, string> { ["content-type"] = "application/json" },
            ["requestContext"] = new Dictionary<string, object> { ["requestId"] = "fuzz", ["http"] = new Dictionary<string, string> { ["method"] = "POST", ["path"] = "/v1/rank" } },
            ["body"] = text ?? Convert.ToBase64String(body),
            ["isBase64Encoded"] = text is null,
        });
    }

    private static bool IsUtf8(byte[] body) => System.Text.Unicode.Utf8.IsValid(body);

    private static IEnumerable<(string Kind, byte[] Payload)> DamagedEvents(Random random)
    {
        const string Valid = """{"version":"2.0","rawPath":"/v1/rank","headers":{"content-type":"application/json"},"requestContext":{"requestId":"e","http":{"method":"POST"}},"body":"{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\"}]}","isBase64Encoded":false}""";
        yield return ("event not JSON", Encoding.UTF8.GetBytes("not an event"));
        yield return ("event empty", []);
        yield return ("event array", Encoding.UTF8.GetBytes("[1,2]"));
        yield return ("no requestContext", Encoding.UTF8.GetBytes("""{"version":"2.0","rawPath":"/v1/rank","body":"{}"}"""));
        yield return ("lone surrogate in a header", Encoding.UTF8.GetBytes(Valid.Replace("application/json", "\\ud800", StringComparison.Ordinal)));
        yield return ("lone surrogate in the path", Encoding.UTF8.GetBytes(Valid.Replace("/v1/rank", "/v1/\\udfff", StringComparison.Ordinal)));
        yield return ("bad base64", Encoding.UTF8.GetBytes(Valid.Replace("\"isBase64Encoded\":false", "\"isBase64Encoded\":true", StringComparison.Ordinal)));
        var raw = Encoding.UTF8.GetBytes(Valid.Replace("i_1", "i_X", StringComparison.Ordinal));
        raw[Array.IndexOf(raw, (byte)'X')] = 0xFF;
        yield return ("invalid UTF-8 in the event's body string", raw);
        for (var i = 0; i < 12; i++)
        {
            var cut = Encoding.UTF8.GetBytes(Valid);
            yield return ($"event cut at {i}", cut[..random.Next(1, cut.Length - 1)]);
        }
    }
}
