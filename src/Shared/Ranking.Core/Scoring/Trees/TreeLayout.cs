namespace Ranking.Core.Scoring.Trees;

/// <summary>How <see cref="TreeEnsembleScorer"/> lays out an ensemble; <see cref="TreeEnsembleScorer"/> says which it picks when.</summary>
internal enum TreeLayout
{
    /// <summary><see cref="BitvectorEnsemble"/>: trees of at most 64 leaves.</summary>
    Bitvector,

    /// <summary><see cref="BlockedEnsemble"/>: any tree up to 64 levels deep.</summary>
    Blocked,
}
