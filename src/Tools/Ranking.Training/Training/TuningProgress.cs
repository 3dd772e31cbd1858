namespace Ranking.Training.Training;

/// <summary>Reported after each trial of a search.</summary>
/// <param name="Completed">Trials finished, this one included.</param>
/// <param name="Total">Trials in the search.</param>
public readonly record struct TuningProgress(int Completed, int Total, TrialResult Result);
