using Ranking.Cli.Invocation;
using Spectre.Console;

namespace Ranking.Cli.Tests.Invocation;

/// <summary>Tables a command writes into a pipe or file keep each row on one line; in a terminal they fit its width.</summary>
public sealed class CliContextTests
{
    private static readonly string s_long = string.Join(' ', Enumerable.Repeat("a phrase that must not be cut", 5));

    [Fact]
    public void RedirectedOutput_KeepsEachTableRowOnOneLine()
    {
        using var output = new StringWriter();
        CliContext.StdoutConsole(redirected: true, output).Write(Table());

        var lines = output.ToString().TrimEnd('\n').Split('\n');
        // Top border, header, separator, one row, bottom border.
        Assert.Equal(5, lines.Length);
        Assert.Contains(s_long, lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void TerminalOutput_KeepsTheWidthSpectreDetects()
    {
        using var output = new StringWriter();

        Assert.NotEqual(CliContext.RedirectedWidth, CliContext.StdoutConsole(redirected: false, output).Profile.Width);
    }

    private static Table Table() => new Table().AddColumn("name").AddColumn("detail").AddRow("quality", s_long);
}
