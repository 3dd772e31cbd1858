namespace Ranking.Training.Datasets;

/// <summary>What <see cref="DatasetBuilder"/> joins and where it writes the result.</summary>
public sealed class DatasetBuildOptions
{
    /// <summary>The folder <c>serve --log-dir</c> writes: <c>impressions/dt=YYYY-MM-DD/...</c> and <c>events/dt=.../</c>.</summary>
    public required string LogsDirectory { get; init; }

    public required string Surface { get; init; }

    /// <summary>The first impression partition (UTC day) to read; null: the oldest there is.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The last impression partition to read; null: the newest there is.</summary>
    public DateOnly? To { get; init; }

    public TimeSpan Attribution { get; init; } = TimeSpan.FromMinutes(30);

    public EventGrades Grades { get; init; } = EventGrades.Default;

    /// <summary>Drop the impressions none of whose items earned a positive label (LightGBM learns nothing from them).</summary>
    public bool DropUnlabelledGroups { get; init; }

    /// <summary>Fail on the first malformed line instead of counting it and going on.</summary>
    public bool Strict { get; init; }

    /// <summary>The Parquet file to write; replaced only once the whole dataset is written.</summary>
    public required string Output { get; init; }

    /// <summary>How many malformed lines the summary lists with file and line; the rest are counted.</summary>
    public int MaxListedMalformed { get; init; } = 10;
}
