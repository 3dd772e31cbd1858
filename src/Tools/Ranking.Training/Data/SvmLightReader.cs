using System.Globalization;

namespace Ranking.Training.Data;

/// <summary>
/// Reads SVMlight/LETOR ranking files: <c>label qid:N idx:val ... # comment</c>, sparse 1-based feature ids,
/// blank and comment lines skipped. Without <c>qid</c>, group sizes come from the sidecar <c>FILE.query</c>
/// (LightGBM's convention: one group size per line).
/// </summary>
public static class SvmLightReader
{
    /// <param name="path">The data file.</param>
    /// <param name="featureCount">The column count; null: the largest feature id in the file. Larger ids are ignored and counted.</param>
    public static SvmLightData Read(string path, int? featureCount = null)
    {
        var fileName = Path.GetFileName(path);
        using var data = OpenText(path);
        var queryPath = path + ".query";
        using var query = File.Exists(queryPath) ? OpenText(queryPath) : null;
        return Read(data, fileName, query, Path.GetFileName(queryPath), featureCount);
    }

    /// <param name="data">The data lines.</param>
    /// <param name="fileName">Named in error messages.</param>
    /// <param name="queryFile">The group sizes, used only when the lines carry no <c>qid</c>.</param>
    /// <param name="queryFileName">Named in error messages about <paramref name="queryFile"/>.</param>
    /// <param name="featureCount">See <see cref="Read(string, int?)"/>.</param>
    public static SvmLightData Read(TextReader data, string fileName, TextReader? queryFile, string? queryFileName, int? featureCount = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (featureCount is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(featureCount), "The feature count must be positive.");
        }

        var rows = SvmLightLineParser.ParseAll(data, fileName, featureCount);
        if (rows.Count == 0)
        {
            throw new SvmLightFormatException($"{fileName}: no data rows.");
        }

        var (groupSizes, queryIds) = rows.HasQueryIds
            ? (rows.GroupSizes.ToArray(), rows.QueryIds.ToArray())
            : ReadGroups(queryFile, queryFileName ?? fileName + ".query", fileName, rows.Count);

        var width = featureCount ?? rows.MaxFeatureId;
        if (width == 0)
        {
            throw new SvmLightFormatException($"{fileName}: no feature values; pass a feature count.");
        }

        var names = new string[width];
        for (var i = 0; i < width; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"f{i + 1}");
        }

        var dataset = new RankingDataset(names, rows.ToDense(width), rows.Labels.ToArray(), groupSizes, queryIds);
        return new SvmLightData(dataset, rows.IgnoredValues);
    }

    private static (int[] Sizes, string[] Ids) ReadGroups(TextReader? queryFile, string queryFileName, string fileName, int rowCount)
    {
        if (queryFile is null)
        {
            throw new SvmLightFormatException($"{fileName}: rows have no qid and there is no {queryFileName} with group sizes.");
        }

        var sizes = new List<int>();
        var total = 0L;
        var lineNumber = 0;
        while (queryFile.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
            {
                throw SvmLightFormatException.At(queryFileName, lineNumber, $"group size '{text}' is not a positive integer");
            }

            sizes.Add(size);
            total += size;
        }

        if (total != rowCount)
        {
            throw new SvmLightFormatException(string.Create(CultureInfo.InvariantCulture, $"{queryFileName}: group sizes add up to {total} rows but {fileName} has {rowCount}."));
        }

        var ids = new string[sizes.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (i + 1).ToString(CultureInfo.InvariantCulture);
        }

        return (sizes.ToArray(), ids);
    }

    private static StreamReader OpenText(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SvmLightFormatException($"{Path.GetFileName(path)}: cannot read: {e.Message}", e);
        }
    }
}
