namespace Ranking.Cli.Tests;

/// <summary>The command tree as users reach it: help, and what an unknown command gets.</summary>
public sealed class RankingCommandTests : IDisposable
{
    private readonly TestCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var exit = await _cli.RunAsync("--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "serve", "train", "evaluate", "generate-sample", "load", "enqueue", "publish", "models" })
        {
            Assert.Matches($@"\n  {command} +\S", _cli.Output);
        }
    }

    [Fact]
    public async Task UnknownCommand_IsAParseErrorNamingIt()
    {
        var exit = await _cli.RunAsync("deploy");

        Assert.Equal(TestCli.ParseError, exit);
        Assert.Contains("'deploy'", _cli.Error, StringComparison.Ordinal);
    }
}
