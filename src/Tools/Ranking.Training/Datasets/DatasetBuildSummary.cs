namespace Ranking.Training.Datasets;

/// <summary>What a build read, skipped and wrote.</summary>
public sealed class DatasetBuildSummary
{
    public required string Output { get; init; }
    public required string Surface { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }

    public required int ImpressionFiles { get; init; }
    public required int EventFiles { get; init; }

    /// <summary>Lines of every file read, impressions and events.</summary>
    public required long Lines { get; init; }

    public required long Malformed { get; init; }

    /// <summary>The first malformed lines, in the order read (at most the options' MaxListedMalformed).</summary>
    public required IReadOnlyList<MalformedLine> MalformedLines { get; init; }

    /// <summary>Distinct impressions of the surface in the date range.</summary>
    public required long Impressions { get; init; }

    /// <summary>Impression records (lines) seen again: a retried write.</summary>
    public required long DuplicateRecords { get; init; }

    /// <summary>Impressions logged without features (a fallback before any was filled): no training rows.</summary>
    public required long ImpressionsWithoutFeatures { get; init; }

    public required long Events { get; init; }

    /// <summary>Events without an impressionId: kept in the log, never attributed.</summary>
    public required long EventsWithoutImpression { get; init; }

    public required IReadOnlyList<string> Features { get; init; }
    public required long Rows { get; init; }
    public required long Groups { get; init; }
    public required long GroupsWithPositiveLabel { get; init; }

    /// <summary>Rows per label, by label.</summary>
    public required IReadOnlyDictionary<int, long> LabelHistogram { get; init; }
}
