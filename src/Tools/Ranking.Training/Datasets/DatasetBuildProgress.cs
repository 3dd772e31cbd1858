namespace Ranking.Training.Datasets;

/// <summary>Where a build is: reading the logs (bytes of the files so far), then joining and writing.</summary>
public readonly record struct DatasetBuildProgress(DatasetBuildPhase Phase, long BytesRead, long BytesTotal, long Lines, long Malformed);

public enum DatasetBuildPhase
{
    Reading,
    Joining,
}
