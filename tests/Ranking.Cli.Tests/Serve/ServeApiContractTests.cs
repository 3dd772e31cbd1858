using System.Text;
using System.Text.Json;
using Ranking.Testing.Contract;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests.Serve;

/// <summary>
/// serve hands out the API contract (the repository's document at /openapi.json, and a page of it at /docs), and
/// the checker every serve test's client runs catches answers that break it.
/// </summary>
public sealed class ServeApiContractTests : IAsyncLifetime
{
    private static readonly OpenApiContract s_contract = OpenApiContract.Repository;
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(RepoPaths.Models);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task OpenApiJson_IsTheRepositorysDocument()
    {
        var served = await _server.Client.GetByteArrayAsync(new Uri("/openapi.json", UriKind.Relative));

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepoRoot.Find(), "api", "openapi.json")), served);
    }

    [Fact]
    public async Task Docs_IsOnePageWithEveryOperationAndSchema_AndNothingToFetch()
    {
        using var response = await _server.Client.GetAsync(new Uri("/docs", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(RepoRoot.Find(), "api", "openapi.json")));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.Contains($"id=\"op-{operation.Value.GetProperty("operationId").GetString()}\"", page, StringComparison.Ordinal);
            }
        }

        foreach (var schema in document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            Assert.Contains($"id=\"schema-{schema.Name}\"", page, StringComparison.Ordinal);
        }

        // Offline: no script and no address but the page's own.
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", page.Replace("http://127.0.0.1:8080", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"requestId":"r","surface":"feed","model":null,"fallback":null,"removed":[],"timingsMs":{"features":0,"scoring":0,"rules":0,"total":0}}""", "Required properties [\"items\"] are not present")]
    [InlineData("""{"requestId":"r","surface":"feed","model":null,"fallback":{"reason":"tired"},"items":[],"removed":[],"timingsMs":{"features":0,"scoring":0,"rules":0,"total":0}}""", "/fallback")]
    [InlineData("""{"requestId":"r","surface":"feed","model":null,"fallback":null,"items":[{"itemId":"a","score":1,"rank":0}],"removed":[],"timingsMs":{"features":0,"scoring":0,"rules":0,"total":0}}""", "/items/0/rank")]
    [InlineData("""{"requestId":"r","surface":"feed","model":null,"fallback":null,"items":[],"removed":[{"itemId":"a","reason":"sold"}],"timingsMs":{"features":0,"scoring":0,"rules":0,"total":0},"extra":1}""", "/removed/0/reason")]
    public void Checker_RefusesARankResponseThatBreaksTheSchema(string body, string expected)
    {
        var problems = s_contract.Problems("POST", "/v1/rank", 200, "application/json", Encoding.UTF8.GetBytes(body));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_RefusesAnUndocumentedStatusAWrongMediaTypeAndASuccessOffTheMap()
    {
        var error = Encoding.UTF8.GetBytes("""{"error":{"code":"x","message":"y","requestId":"z"}}""");

        Assert.Contains("status 402 is not documented", Assert.Single(s_contract.Problems("POST", "/v1/rank", 402, "application/json", error)), StringComparison.Ordinal);
        Assert.Contains("Content-Type 'text/plain'", Assert.Single(s_contract.Problems("GET", "/v1/health", 200, "text/plain", "ok"u8)), StringComparison.Ordinal);
        Assert.Contains("a success for a route the document does not have", Assert.Single(s_contract.Problems("GET", "/v2/rank", 200, "application/json", "{}"u8)), StringComparison.Ordinal);
        Assert.Empty(s_contract.Problems("GET", "/v2/rank", 404, "application/json", error));
        Assert.NotEmpty(s_contract.Problems(null, null, 400, "application/json", "{\"message\":\"bad\"}"u8));
    }
}
