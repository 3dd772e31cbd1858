using Ranking.Cli.Rendering;

namespace Ranking.Cli.Tests.Rendering;

/// <summary>--json output: one document then one newline, ASCII whatever the console's encoding.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public void Write_Compact_IsOneLineEndingInANewline()
    {
        using var stdout = new StringWriter();

        JsonOutput.Write(stdout, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", "caf\u00e9 \u201cvintage\u201d");
            w.WriteEndObject();
        });

        Assert.Equal("{\"name\":\"caf\\u00E9 \\u201Cvintage\\u201D\"}\n", stdout.ToString());
    }

    [Fact]
    public void Write_Indented_EndsInOneNewline()
    {
        using var stdout = new StringWriter();

        JsonOutput.Write(stdout, w =>
        {
            w.WriteStartArray();
            w.WriteNumberValue(1);
            w.WriteEndArray();
        }, indented: true);

        Assert.Equal("[\n  1\n]\n", stdout.ToString());
    }
}
