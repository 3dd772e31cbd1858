using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Registry;
using Ranking.Stores.Tables;
using Ranking.Testing.Models;

namespace Ranking.Cli.Tests.Registry;

/// <summary>
/// <c>ranking models validate</c>: ModelRefresh's gates from the CLI, against packages published to s3rver and a
/// registry in dynalite, the decision recorded as ModelRefresh records it.
/// </summary>
[Collection(AwsLoopbackCollection.Name)]
public sealed class ModelsValidateTests(AwsLoopbackFixture aws) : IAsyncLifetime, IDisposable
{
    private readonly TestPackages _packages = new();
    // A model name of this test's own: the bucket is shared by the collection.
    private readonly string _name = AwsLoopbackFixture.NewName("validate");
    private string _table = null!;

    public async Task InitializeAsync() => _table = await aws.CreateTableAsync(TableDefinitions.CreateModelsTable);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _packages.Dispose();

    [Fact]
    public async Task Validate_APublishedVersion_RunsEveryGate_AndRecordsItValidated()
    {
        await PublishAsync(_packages.CopyOfSample(_name, "1"));

        var (exit, output, error) = await RunAsync("models", "validate", "--name", _name, "--version", "1", "--bucket", aws.Bucket);

        Assert.True(exit == 0, error);
        foreach (var gate in new[] { "manifest", "sha256", "shape", "parity", "quality", "latency" })
        {
            Assert.Matches($@"│ {gate} +│ pass +│", output);
        }

        Assert.Contains($"{_name}/1 validated: recorded in the registry.", output, StringComparison.Ordinal);
        Assert.Equal("validated", await StatusAsync("1"));
    }

    [Fact]
    public async Task Validate_AWorseVersion_FailsTheQualityGateAgainstLive_AndIsRecordedRejected()
    {
        await PublishAsync(_packages.CopyOfSample(_name, "1"));
        Assert.Equal(0, (await RunAsync("models", "validate", "--name", _name, "--version", "1", "--bucket", aws.Bucket)).Exit);
        Assert.Equal(0, (await RunAsync("models", "promote", "--name", _name, "--version", "1")).Exit);
        await PublishAsync(_packages.WorseModel(_name, "2"));

        var (exit, output, _) = await RunAsync("models", "validate", "--name", _name, "--version", "2", "--bucket", aws.Bucket, "--json");

        Assert.Equal(ModelsCommand.FailedGate, exit);
        using var json = JsonDocument.Parse(output);
        var decision = json.RootElement;
        Assert.Equal("rejected", decision.GetProperty("outcome").GetString());
        Assert.Equal("quality", decision.GetProperty("gate").GetString());
        Assert.Equal("1", decision.GetProperty("live").GetString());
        Assert.Contains("is below live 1's", decision.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(decision.GetProperty("recorded").GetBoolean());
        Assert.Equal(["manifest", "sha256", "shape", "parity", "quality"], decision.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("gate").GetString()));
        Assert.Equal("rejected", await StatusAsync("2"));

        // Rejected is final: validating it again is refused, naming why it was rejected.
        var again = await RunAsync("models", "validate", "--name", _name, "--version", "2", "--bucket", aws.Bucket);
        Assert.Equal(CommandErrors.BadInput, again.Exit);
        Assert.StartsWith($"error: {_name}/2 is already rejected (quality: ", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnregisteredOrLiveVersion_IsRefusedNamingIt()
    {
        var missing = await RunAsync("models", "validate", "--name", _name, "--version", "9", "--bucket", aws.Bucket);
        Assert.Equal(CommandErrors.BadInput, missing.Exit);
        Assert.Equal($"error: {_name}/9 is not registered: publish it first (ranking publish).\n", missing.Error);

        await PublishAsync(_packages.CopyOfSample(_name, "1"));
        Assert.Equal(0, (await RunAsync("models", "validate", "--name", _name, "--version", "1", "--bucket", aws.Bucket)).Exit);
        Assert.Equal(0, (await RunAsync("models", "promote", "--name", _name, "--version", "1")).Exit);
        var live = await RunAsync("models", "validate", "--name", _name, "--version", "1", "--bucket", aws.Bucket);
        Assert.Equal(CommandErrors.BadInput, live.Exit);
        Assert.Equal($"error: {_name}/1 is live: only a published or validated version is validated.\n", live.Error);
    }

    [Fact]
    public async Task Validate_WithAnotherBucket_OrAVersionOlderThanLive_IsRefused_AndNothingIsRecorded()
    {
        await PublishAsync(_packages.CopyOfSample(_name, "1"));
        var wrong = await RunAsync("models", "validate", "--name", _name, "--version", "1", "--bucket", "another-bucket");
        Assert.Equal(CommandErrors.BadInput, wrong.Exit);
        Assert.Equal($"error: {_name}/1 was published to s3://{aws.Bucket}/, not to --bucket another-bucket: the gates would find no package there and reject it for good\n", wrong.Error);
        Assert.Equal("published", await StatusAsync("1"));

        // Without --bucket, the registry's location is used.
        Assert.Equal(0, (await RunAsync("models", "validate", "--name", _name, "--version", "1")).Exit);
        await PublishAsync(_packages.CopyOfSample(_name, "2"));
        Assert.Equal(0, (await RunAsync("models", "validate", "--name", _name, "--version", "2")).Exit);
        Assert.Equal(0, (await RunAsync("models", "promote", "--name", _name, "--version", "2")).Exit);
        var older = await RunAsync("models", "validate", "--name", _name, "--version", "1");
        Assert.Equal(CommandErrors.BadInput, older.Exit);
        Assert.StartsWith($"error: {_name}/1 is not newer than live 2", older.Error, StringComparison.Ordinal);
        Assert.NotEqual("rejected", await StatusAsync("1"));
    }

    private async Task PublishAsync(string package)
    {
        var (exit, _, error) = await RunAsync("publish", "--model", package, "--bucket", aws.Bucket);
        Assert.True(exit == 0, error);
    }

    private async Task<string?> StatusAsync(string version)
    {
        var (_, output, _) = await RunAsync("models", "show", "--name", _name, "--version", version, "--json");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("model").GetProperty("status").GetString();
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var cli = new TestCli { Aws = aws.Clients };
        var exit = await cli.RunAsync([.. args, "--registry-table", _table]);
        return (exit, cli.Output, cli.Error);
    }
}
