namespace Ranking.Core.Evaluation;

/// <summary>A row's score and its position in its query: sorts by score descending, ties by original order.</summary>
internal readonly struct ScoredRow(float score, float label, int index) : IComparable<ScoredRow>
{
    public float Score { get; } = score;
    public float Label { get; } = label;
    public int Index { get; } = index;

    public int CompareTo(ScoredRow other)
    {
        // NaN compares below every number, so a NaN score ranks last instead of breaking the sort.
        var byScore = other.Score.CompareTo(Score);
        return byScore != 0 ? byScore : Index.CompareTo(other.Index);
    }
}
