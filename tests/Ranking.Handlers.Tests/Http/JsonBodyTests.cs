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
}
