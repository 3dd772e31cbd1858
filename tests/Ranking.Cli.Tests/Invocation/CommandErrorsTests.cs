using System.CommandLine;
using System.Text.Json;
using Amazon.Runtime;
using Ranking.Cli.Invocation;
using Ranking.Stores.Registry;

namespace Ranking.Cli.Tests.Invocation;

/// <summary>The one mapping: failures the user fixes become one <c>error:</c> line and exit 2; bugs escape untouched.</summary>
public sealed class CommandErrorsTests : IDisposable
{
    private static readonly ParseResult s_parse = new RootCommand().Parse([]);
    private readonly StringWriter _error = new();

    public void Dispose() => _error.Dispose();

    public static TheoryData<Exception> Expected() =>
    [
        new FileNotFoundException("items.jsonl is missing"),
        new FormatException("line 3: not a number"),
        new InvalidDataException("manifest.json is empty"),
        new JsonException("bad manifest"),
        new UnauthorizedAccessException("cannot write /models"),
        new ArgumentException("Trees must be positive"),
        new PublishRefusedException("feed-ltr/1 is already registered"),
        new AmazonClientException("No RegionEndpoint or ServiceURL configured"),
        new HttpRequestException("Connection refused"),
    ];

    [Theory]
    [MemberData(nameof(Expected))]
    public void Guard_ExpectedFailure_WritesOneErrorLineAndReturnsBadInput(Exception failure)
    {
        var action = CommandErrors.Guard(Context(), _ => throw failure);

        Assert.Equal(CommandErrors.BadInput, action(s_parse));
        Assert.Equal($"error: {failure.Message}\n", _error.ToString());
    }

    [Fact]
    public async Task Guard_ExpectedFailureInAnAsyncAction_IsMappedTheSameWay()
    {
        var action = CommandErrors.Guard(Context(), async (_, _) =>
        {
            await Task.Yield();
            throw new IOException("disk full");
        });

        Assert.Equal(CommandErrors.BadInput, await action(s_parse, CancellationToken.None));
        Assert.Equal("error: disk full\n", _error.ToString());
    }

    [Fact]
    public void Guard_Bug_EscapesUnchanged()
    {
        var action = CommandErrors.Guard(Context(), _ => throw new InvalidOperationException("a bug"));

        Assert.Equal("a bug", Assert.Throws<InvalidOperationException>(() => action(s_parse)).Message);
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public async Task Guard_Cancellation_EscapesUnchanged()
    {
        var action = CommandErrors.Guard(Context(), (_, ct) => Task.FromCanceled<int>(ct));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => action(s_parse, cancelled.Token));
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public void Guard_Success_PassesTheExitCodeThrough() =>
        Assert.Equal(0, CommandErrors.Guard(Context(), _ => 0)(s_parse));

    private CliContext Context() => new()
    {
        Out = new Spectre.Console.Testing.TestConsole(),
        Error = _error,
        Time = TimeProvider.System,
        Randomizer = Ranking.Testing.Seams.Randomizers.Midpoint,
        Aws = TestAws.None(),
    };
}
