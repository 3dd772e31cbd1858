namespace Ranking.Core.Scoring.Trees;

/// <summary>How <see cref="TreeEnsembleScorer"/> lays out an ensemble; <see cref="TreeEnsembleScorer"/> says which it picks when.</summary>
internal enum TreeLayout
{
    /// <summary><see cref="BitvectorEnsemble"/> in 256-bit vectors: trees of at most 64 leaves, on hosts with AVX2.</summary>
    Bitvector,

    /// <summary>The same scan in 128-bit vectors, as hosts without AVX2 run it (ARM64's AdvSimd among them).</summary>
    Bitvector128,

    /// <summary><see cref="BlockedEnsemble"/>: any tree up to 64 levels deep.</summary>
    Blocked,
}
