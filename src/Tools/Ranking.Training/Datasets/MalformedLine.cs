namespace Ranking.Training.Datasets;

/// <summary>A log line the join could not read: the file (relative to the logs folder), its 1-based line number and why.</summary>
public sealed record MalformedLine(string File, long Line, string Problem)
{
    public override string ToString() => $"{File}:{Line}: {Problem}";
}
