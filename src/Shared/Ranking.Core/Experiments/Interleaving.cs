using Ranking.Core.Ranking;

namespace Ranking.Core.Experiments;

/// <summary>
/// Asks the ranker to merge the ranking of the model it was given (team <paramref name="TeamA"/>) with
/// <paramref name="B"/>'s (team <paramref name="TeamB"/>) by team draft. Both models must take the same features:
/// one matrix is filled and both score it, and the logged values are what each of them saw.
/// </summary>
/// <param name="Seed">Seeds the draft's coin flips; derive it from the request, so a replay merges the same way.</param>
public sealed record Interleaving(RankingModel B, string TeamA, string TeamB, ulong Seed);
