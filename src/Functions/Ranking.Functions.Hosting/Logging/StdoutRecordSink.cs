using System.Buffers;
using System.Text;
using Ranking.Handlers.Impressions;

namespace Ranking.Functions.Hosting.Logging;

/// <summary>
/// In Lambda a record is one line on stdout, beside the JSON logs and EMF lines: its <c>log</c> field
/// (<c>"impression"</c>) is what a CloudWatch Logs subscription filter matches to send it to Firehose.
/// Each line goes out in one write, so it is never interleaved with another writer's line.
/// </summary>
public sealed class StdoutRecordSink(TextWriter output) : IRecordSink
{
    public void Write(string log, ReadOnlySpan<byte> record)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(record.Length) + 1);
        try
        {
            var length = Encoding.UTF8.GetChars(record, chars);
            chars[length] = '\n';
            output.Write(chars, 0, length + 1);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
