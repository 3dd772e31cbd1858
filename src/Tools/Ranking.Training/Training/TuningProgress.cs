namespace Ranking.Training.Training;

/// <summary>Reported after each trial of a search.</summary>
/// <param name="Completed">Trials finished, this one included.</param>
/// <param name="Total">Trials in the search.</param>
/// <param name="Elapsed">Since the search started.</param>
public readonly record struct TuningProgress(int Completed, int Total, TrialResult Result, TimeSpan Elapsed)
{
    /// <summary>The time left if the remaining trials take as long as the mean trial so far.</summary>
    public TimeSpan Remaining => Elapsed / Completed * (Total - Completed);
}
