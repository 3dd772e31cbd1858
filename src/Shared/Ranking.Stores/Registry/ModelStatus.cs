namespace Ranking.Stores.Registry;

/// <summary>
/// Where a model version is in its life: <c>published</c> -> <c>validated</c> or <c>rejected</c>; validated ->
/// <c>live</c> by a promotion; live -> <c>retired</c> when another version takes the alias. Stored lower-case.
/// </summary>
public enum ModelStatus
{
    Published,
    Validated,
    Rejected,
    Live,
    Retired,
}
