using Ranking.Contracts;
using System.Text;
using Ranking.Functions.Hosting.Logging;
using Ranking.Handlers.Impressions;

namespace Ranking.Functions.Hosting.Tests.Logging;

public sealed class StdoutRecordSinkTests
{
    [Fact]
    public void Write_PutsEachRecordOnItsOwnLineAsItCame()
    {
        var output = new StringWriter();
        var sink = new StdoutRecordSink(output);
        string[] records = ["""{"log":"impression","impressionId":"r-1","query":"café ñ"}""", """{"log":"impression","impressionId":"r-2"}"""];

        foreach (var record in records)
        {
            sink.Write(RecordLogs.Impressions, Encoding.UTF8.GetBytes(record));
        }

        var lines = output.ToString().Split('\n');
        Assert.Equal([.. records, ""], lines);
    }
}
