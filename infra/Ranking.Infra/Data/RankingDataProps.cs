namespace Ranking.Infra.Data;

internal sealed class RankingDataProps
{
    /// <summary>False: tables and bucket are deleted with the stack (a test or throwaway stage).</summary>
    public required bool Retain { get; init; }
    public required bool DeletionProtection { get; init; }
}
