using System.Globalization;

namespace Ranking.Training.Datasets;

/// <summary>One JSONL file of a record log (plain, or gzip as Firehose writes them) and the partition day it sits in.</summary>
internal sealed record LogFile(string Path, string RelativePath, DateOnly Day, long Bytes)
{
    /// <summary>
    /// The files under <c>logs/{log}/dt=YYYY-MM-DD/</c> (any depth: <c>hour=HH/</c> locally) whose day is in [from, to],
    /// ordered by day then path. Folders not named <c>dt=YYYY-MM-DD</c> are not partitions and are left alone.
    /// </summary>
    public static List<LogFile> Find(string logs, string log, DateOnly? from, DateOnly? to)
    {
        var root = System.IO.Path.Combine(logs, log);
        var files = new List<LogFile>();
        if (!Directory.Exists(root))
        {
            return files;
        }

        foreach (var partition in Directory.EnumerateDirectories(root, "dt=*"))
        {
            if (!DateOnly.TryParseExact(System.IO.Path.GetFileName(partition).AsSpan(3), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || day < (from ?? DateOnly.MinValue) || day > (to ?? DateOnly.MaxValue))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(partition, "*", SearchOption.AllDirectories))
            {
                if (file.EndsWith(".jsonl", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal))
                {
                    files.Add(new LogFile(file, System.IO.Path.GetRelativePath(logs, file), day, new FileInfo(file).Length));
                }
            }
        }

        files.Sort(static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>Shared for writing: <c>serve</c> may still be appending to this hour's file.</summary>
    public FileStream Open() => new(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    /// <summary>The lines' bytes: <paramref name="file"/> itself, or decompressed; the position of <paramref name="file"/> still tells progress.</summary>
    public Stream Decode(FileStream file) =>
        Path.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true) : file;
}
