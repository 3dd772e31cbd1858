using System.Text;
using Ranking.Training.Datasets;

namespace Ranking.Training.Tests.Datasets;

public sealed class JsonlLineReaderTests
{
    [Fact]
    public void TryRead_SplitsOnNewlines_DropsCarriageReturns_AndKeepsALastLineWithoutNewline()
    {
        Assert.Equal(["a", "", "b", "c"], Lines("a\n\nb\r\nc"));
    }

    [Fact]
    public void TryRead_LinesLongerThanTheBuffer_ComeBackWhole()
    {
        var longLine = new string('x', 3 << 20);

        Assert.Equal(["a", longLine, "b"], Lines($"a\n{longLine}\nb\n"));
    }

    [Fact]
    public void TryRead_CountsLines()
    {
        using var reader = new JsonlLineReader(new MemoryStream(Encoding.UTF8.GetBytes("a\nb\n")));
        while (reader.TryRead(out _))
        {
        }

        Assert.Equal(2, reader.LineNumber);
    }

    private static List<string> Lines(string text)
    {
        using var reader = new JsonlLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var lines = new List<string>();
        while (reader.TryRead(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line));
        }

        return lines;
    }
}
