using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ranking.Handlers.Events;
using Ranking.Handlers.Rank;
using Ranking.Testing.Contract;

namespace Ranking.Handlers.Tests.Contract;

/// <summary>
/// The readers refuse whatever api/openapi.json's request schemas refuse: seeded mutations of valid bodies (a field
/// removed, retyped, out of range, or an unknown one added, at every level) are held to both, and every body the
/// schema rejects must be rejected by the reader. The readers may refuse more (a pin of an id that is no candidate),
/// which a schema cannot say.
/// </summary>
public sealed class RequestSchemaAgreementTests
{
    private const int Mutations = 3000;
    private static readonly OpenApiContract s_contract = OpenApiContract.Repository;

    private static readonly JsonNode?[] s_values =
    [
        null, "", "x", "Feed!", new string('a', 129), new string('q', 513), 0, -1, 1, 1.5, 1e300, true, false,
        new JsonArray(), new JsonArray("a"), new JsonArray(1), new JsonObject(), new JsonObject { ["k"] = new JsonArray() },
        "2026-12-02T10:00:00Z", "yesterday",
    ];

    private const string ValidRank = """
        {"surface":"feed","userId":"u_1","sessionId":"s_1","query":"levis","context":{"platform":"ios","hour":9},
         "candidates":[{"itemId":"a","features":{"retrieval_score":1.5}},{"itemId":"b"},{"itemId":"c"}],
         "limit":2,"explain":true,"time":"2026-12-02T10:00:00Z","exclude":["c"],"pins":[{"itemId":"b","position":1}]}
        """;

    private const string ValidEvent = """{"type":"purchase","impressionId":"r-1","itemId":"i_1","userId":"u_1","time":"2026-12-02T10:00:05Z","value":39.5}""";

    [Fact]
    public void RankRequest_EveryBodyTheSchemaRejects_TheReaderRejects()
    {
        var random = new Random(20261204);
        var (schemaRejected, readerAlsoRejected) = (0, 0);
        Assert.Empty(s_contract.SchemaProblems("RankRequest", JsonDocument.Parse(ValidRank).RootElement));
        Assert.True(Read(ValidRank));
        for (var i = 0; i < Mutations; i++)
        {
            var body = JsonNode.Parse(ValidRank)!;
            Mutate(body, random);
            var json = body.ToJsonString();
            using var document = JsonDocument.Parse(json);
            if (s_contract.SchemaProblems("RankRequest", document.RootElement) is { Count: > 0 } problems)
            {
                schemaRejected++;
                Assert.False(Read(json), $"the schema rejects {json} ({problems[0]}), the reader accepted it");
                readerAlsoRejected++;
            }
        }

        // The mutations reach both sides of the schema, so the property was tested, not skipped.
        Assert.InRange(schemaRejected, Mutations / 3, Mutations - 100);
        Assert.Equal(schemaRejected, readerAlsoRejected);
    }

    [Fact]
    public void Event_EveryEventTheSchemaRejects_TheReaderRefuses()
    {
        var random = new Random(7);
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var refused = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var item = JsonNode.Parse(ValidEvent)!;
            Mutate(item, random);
            var json = item.ToJsonString();
            using var document = JsonDocument.Parse(json);
            if (s_contract.SchemaProblems("Event", document.RootElement) is not { Count: > 0 } problems)
            {
                continue;
            }

            Assert.True(EventsRequestReader.TryRead(Encoding.UTF8.GetBytes($$"""{"events":[{{json}}]}"""), now, out var accepted, out _, out _), json);
            Assert.True(accepted.Count == 0, $"the schema rejects the event {json} ({problems[0]}), the reader accepted it");
            refused++;
        }

        Assert.InRange(refused, Mutations / 3, Mutations - 100);
    }

    private static bool Read(string json) => RankRequestReader.TryRead(Encoding.UTF8.GetBytes(json), 1000, out _, out _);

    /// <summary>One change at a random place: the body itself, a candidate, its features, the context or a pin.</summary>
    private static void Mutate(JsonNode body, Random random)
    {
        var targets = new List<JsonObject> { body.AsObject() };
        foreach (var path in new[] { "candidates", "pins" })
        {
            if (body[path] is JsonArray { Count: > 0 } list && list[0] is JsonObject first)
            {
                targets.Add(first);
                if (first["features"] is JsonObject features)
                {
                    targets.Add(features);
                }
            }
        }

        if (body["context"] is JsonObject context)
        {
            targets.Add(context);
        }

        var target = targets[random.Next(targets.Count)];
        var keys = target.Select(p => p.Key).ToList();
        switch (random.Next(3))
        {
            case 0 when keys.Count > 0:
                target.Remove(keys[random.Next(keys.Count)]);
                break;
            case 1:
                target["unknownField"] = 1;
                break;
            default:
                var key = keys.Count > 0 ? keys[random.Next(keys.Count)] : "k";
                target[key] = s_values[random.Next(s_values.Length)]?.DeepClone();
                break;
        }
    }
}
