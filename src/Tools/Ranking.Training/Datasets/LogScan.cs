using System.Globalization;
using System.Text;

namespace Ranking.Training.Datasets;

/// <summary>
/// The validation pass before the join: reads every line once, counts and lists the malformed ones with file and line
/// (DuckDB's ignore_errors would drop them without saying where), and copies the good ones, one file per partition day,
/// into a work folder that the join's views read. Only the surface's impressions are copied (every surface's when it is null).
/// </summary>
internal sealed class LogScan
{
    /// <summary>
    /// DuckDB's JSON reader refuses a longer record and allocates buffers of this size per thread, so it is kept at DuckDB's
    /// default; the writer splits records at 200 KB.
    /// </summary>
    public const int MaxLineBytes = 16 << 20;

    private const int ReportEveryLines = 16_384;

    private readonly string _work;
    private readonly byte[]? _surface;
    private readonly bool _strict;
    private readonly int _maxListed;
    private readonly IProgress<DatasetBuildProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<string> _impressions = new(StringComparer.Ordinal);
    private readonly HashSet<(string, int)> _parts = [];
    private readonly HashSet<string> _withoutFeatures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _featureLists = new(StringComparer.Ordinal);
    private readonly List<MalformedLine> _listed = [];
    private byte[] _lastFeatures = [];
    private string _lastFeaturesText = "";
    private long _bytesBefore;
    private long _bytesTotal;

    private LogScan(string work, string? surface, bool strict, int maxListed, IProgress<DatasetBuildProgress>? progress, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _work = work;
        _surface = surface is null ? null : Encoding.UTF8.GetBytes(surface);
        _strict = strict;
        _maxListed = maxListed;
        _progress = progress;
    }

    public long Lines { get; private set; }
    public long Malformed { get; private set; }
    public IReadOnlyList<MalformedLine> Listed => _listed;
    public long Impressions => _impressions.Count;
    public long DuplicateRecords { get; private set; }
    public long ImpressionsWithoutFeatures => _withoutFeatures.Count;
    public long Events { get; private set; }
    public long EventsWithoutImpression { get; private set; }

    /// <summary>Each distinct features array (raw JSON) of the surface's impressions, with how many records carry it.</summary>
    public IReadOnlyDictionary<string, long> FeatureLists => _featureLists;

    public string ImpressionsFolder => Path.Combine(_work, "impressions");
    public string EventsFolder => Path.Combine(_work, "events");

    /// <exception cref="InvalidDataException">Strict, and a line is malformed: names the file and line.</exception>
    public static LogScan Run(
        IReadOnlyList<LogFile> impressions, IReadOnlyList<LogFile> events, string? surface, string work, bool strict, int maxListed,
        IProgress<DatasetBuildProgress>? progress, CancellationToken cancellationToken)
    {
        var scan = new LogScan(work, surface, strict, maxListed, progress, cancellationToken) { _bytesTotal = impressions.Sum(f => f.Bytes) + events.Sum(f => f.Bytes) };
        scan.Copy(impressions, scan.ImpressionsFolder, scan.KeepImpression);
        scan.Copy(events, scan.EventsFolder, scan.KeepEvent);
        scan.Report();
        return scan;
    }

    private delegate bool Keep(ReadOnlySpan<byte> line, LogFile file, long lineNumber);

    private void Copy(IReadOnlyList<LogFile> files, string folder, Keep keep)
    {
        FileStream? output = null;
        var day = DateOnly.MinValue;
        try
        {
            foreach (var file in files)
            {
                if (output is null || file.Day != day)
                {
                    output?.Dispose();
                    day = file.Day;
                    output = Create(folder, day);
                }

                using var raw = file.Open();
                using var stream = file.Decode(raw);
                using var reader = new JsonlLineReader(stream);
                while (reader.TryRead(out var line))
                {
                    if (line.Length > MaxLineBytes)
                    {
                        Bad(file, reader.LineNumber, string.Create(CultureInfo.InvariantCulture, $"longer than {MaxLineBytes >> 20} MiB"));
                    }
                    else if (keep(line, file, reader.LineNumber))
                    {
                        output.Write(line);
                        output.WriteByte((byte)'\n');
                    }

                    if (++Lines % ReportEveryLines == 0)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                        Report(raw.Position);
                    }
                }

                _bytesBefore += file.Bytes;
            }

            // The view over an empty log still needs a file to read (and gives no rows).
            output ??= Create(folder, new DateOnly(1970, 1, 1));
        }
        finally
        {
            output?.Dispose();
        }
    }

    private bool KeepImpression(ReadOnlySpan<byte> line, LogFile file, long lineNumber)
    {
        if (ImpressionLine.Check(line, out var facts) is { } problem)
        {
            Bad(file, lineNumber, problem);
            return false;
        }

        if (_surface is not null && !facts.Surface.SequenceEqual(_surface))
        {
            return false;
        }

        var id = facts.ImpressionId!;
        _impressions.Add(id);
        if (!_parts.Add((id, facts.Part)))
        {
            DuplicateRecords++;
        }

        if (facts.FeatureCount == 0)
        {
            _withoutFeatures.Add(id);
        }
        else
        {
            CountFeatures(facts.Features);
        }

        return true;
    }

    private bool KeepEvent(ReadOnlySpan<byte> line, LogFile file, long lineNumber)
    {
        if (EventLine.Check(line, out var attributable) is { } problem)
        {
            Bad(file, lineNumber, problem);
            return false;
        }

        Events++;
        if (!attributable)
        {
            EventsWithoutImpression++;
        }

        return attributable;
    }

    /// <summary>Records almost always repeat the previous record's list: compared as bytes, decoded only when it changes.</summary>
    private void CountFeatures(ReadOnlySpan<byte> features)
    {
        if (!features.SequenceEqual(_lastFeatures))
        {
            _lastFeatures = features.ToArray();
            _lastFeaturesText = Encoding.UTF8.GetString(features);
        }

        _featureLists[_lastFeaturesText] = _featureLists.GetValueOrDefault(_lastFeaturesText) + 1;
    }

    private void Bad(LogFile file, long lineNumber, string problem)
    {
        var bad = new MalformedLine(file.RelativePath, lineNumber, problem);
        if (_strict)
        {
            throw new InvalidDataException($"malformed log line {bad} (strict: the build stops at the first)");
        }

        Malformed++;
        if (_listed.Count < _maxListed)
        {
            _listed.Add(bad);
        }
    }

    private void Report(long bytesInFile = 0) =>
        _progress?.Report(new DatasetBuildProgress(DatasetBuildPhase.Reading, _bytesBefore + bytesInFile, _bytesTotal, Lines, Malformed));

    private static FileStream Create(string folder, DateOnly day)
    {
        var partition = Path.Combine(folder, day.ToString("'dt='yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(partition);
        return new FileStream(Path.Combine(partition, "records.jsonl"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }
}
