namespace Ranking.Training.Marketplace;

/// <summary>
/// The numbers a session's behaviour was drawn from, per shown position: known only to the generator, written to
/// <c>truth/</c> so that a debiasing method or a click model can be checked against what really drove the clicks.
/// </summary>
internal sealed class SessionTruth
{
    /// <summary>What the user searched for; null on the feed.</summary>
    public SearchIntent? Intent { get; init; }

    /// <summary>The legacy ranker's score of each shown item (it sorted by it, so they descend).</summary>
    public required double[] LegacyScores { get; init; }

    /// <summary>P(examined) of each position: the position bias.</summary>
    public required double[] Examination { get; init; }

    /// <summary>P(click | examined) of each shown item.</summary>
    public required double[] Click { get; init; }

    /// <summary>P(purchase | click) of each shown item.</summary>
    public required double[] Purchase { get; init; }
}
