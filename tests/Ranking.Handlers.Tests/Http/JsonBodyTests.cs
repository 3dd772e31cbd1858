using System.Text;
using Ranking.Handlers.Http;

namespace Ranking.Handlers.Tests.Http;

public sealed class JsonBodyTests
{
    [Fact]
    public void Error_KeepsQuotesAndAccentsReadable()
    {
        var response = JsonBody.Error(ApiError.UnknownSurface("surface 'accueil-é' is not configured"), "r1");

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(
            """{"error":{"code":"unknown_surface","message":"surface 'accueil-é' is not configured","requestId":"r1"}}""",
            Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public void WriteRounded_WithNonFiniteValue_WritesNull()
    {
        var response = JsonBody.Write(200, w =>
        {
            w.WriteStartObject();
            JsonBody.WriteRounded(w, "a", double.PositiveInfinity, 3);
            JsonBody.WriteRounded(w, "b", 1.23456, 3);
            w.WriteEndObject();
        });

        Assert.Equal("""{"a":null,"b":1.235}""", Encoding.UTF8.GetString(response.Body));
    }
}
