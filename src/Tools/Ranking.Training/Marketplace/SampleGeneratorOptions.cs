namespace Ranking.Training.Marketplace;

/// <summary>Sizes and seed of the synthetic marketplace sample. The same options always give the same bytes.</summary>
public sealed class SampleGeneratorOptions
{
    public int Seed { get; init; } = 7;
    public int Users { get; init; } = 600;
    public int Sellers { get; init; } = 80;
    public int Items { get; init; } = 3000;
    public int FeedCandidates { get; init; } = 100;
    public int FeedSessions { get; init; } = 4000;
    public int SearchSessions { get; init; } = 4000;
    /// <summary>"Now" for the sample: listing dates and sessions lie before it. Fixed, never the wall clock, so output is reproducible.</summary>
    public DateTimeOffset ReferenceTime { get; init; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>Sessions are spread over this many days before <see cref="ReferenceTime"/>.</summary>
    public int SessionDays { get; init; } = 28;

    internal void Validate()
    {
        if (Users < 1 || Sellers < 1 || Items < 50 || FeedCandidates < 20 || FeedSessions < 0 || SearchSessions < 0 || SessionDays < 1)
        {
            throw new ArgumentException("users and sellers must be >= 1, items >= 50, feed candidates >= 20, sessions >= 0 and session days >= 1.");
        }
    }
}
