namespace Ranking.Cli.Tests.Serve;

/// <summary>A damaged model package must not stop serve: its surface falls back, the other keeps its model.</summary>
public sealed class ServeCorruptModelTests : IAsyncLifetime
{
    private string _models = null!;
    private ServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        _models = RepoPaths.CopyModels();
        var onnx = Path.Combine(_models, "feed-ltr", "1", "model.onnx");
        var bytes = await File.ReadAllBytesAsync(onnx);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(onnx, bytes);
        await File.WriteAllTextAsync(Path.Combine(_models, "search-ltr", "1", "manifest.json"), "{ not json");
        _server = await ServerFixture.StartAsync(_models);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task Health_NamesEachBrokenModelAndWhy()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/v1/health");

        Assert.Equal(200, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var errors = body.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("error").GetString()!);
        Assert.Contains("1: sha256: model.onnx hashes to", errors["feed-ltr"], StringComparison.Ordinal);
        Assert.Contains("1: manifest: search-ltr/1/manifest.json is not a valid manifest", errors["search-ltr"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NamesPackagesRelativeToTheModelsFolder()
    {
        var (_, body) = await _server.SendAsync(HttpMethod.Get, "/v1/health");

        var text = body.GetRawText();
        Assert.DoesNotContain(_models, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rank_WithCorruptModel_FallsBackFlagged()
    {
        var (status, body) = await _server.PostRankAsync("""{"surface":"feed","candidates":[{"itemId":"i_2"},{"itemId":"i_1"}]}""");

        Assert.Equal(200, status);
        Assert.Equal("model_unavailable", body.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Equal(["i_2", "i_1"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
    }
}
