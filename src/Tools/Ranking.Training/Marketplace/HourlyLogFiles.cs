using System.Buffers;
using Ranking.Contracts;
using Ranking.Handlers.Impressions;

namespace Ranking.Training.Marketplace;

/// <summary>
/// A record sink laid out as <c>serve --log-dir</c> lays out its logs, but partitioned by each record's own time
/// (<see cref="RecordTime"/>) instead of the clock's: a sample's four weeks of sessions land in their own hours. Kept in
/// memory and written by <see cref="Flush"/>, because records of neighbouring hours interleave (an event follows its
/// session by up to an hour).
/// </summary>
internal sealed class HourlyLogFiles(string root, string fileName) : IRecordSink
{
    private readonly Dictionary<string, ArrayBufferWriter<byte>> _files = new(StringComparer.Ordinal);

    /// <summary>The time of the records written next; it picks their hour folder.</summary>
    public DateTimeOffset RecordTime { get; set; }

    public void Write(string log, ReadOnlySpan<byte> record)
    {
        var path = Path.Combine(RecordLogs.HourFolder(root, log, RecordTime), fileName);
        if (!_files.TryGetValue(path, out var file))
        {
            file = new ArrayBufferWriter<byte>(64 * 1024);
            _files.Add(path, file);
        }

        file.Write(record);
        file.Write("\n"u8);
    }

    /// <summary>Writes every file, replacing one of the same name; returns their total bytes.</summary>
    public long Flush()
    {
        var bytes = 0L;
        foreach (var (path, file) in _files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.WrittenSpan);
            bytes += file.WrittenCount;
        }

        return bytes;
    }
}
