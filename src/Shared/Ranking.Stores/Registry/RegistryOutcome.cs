namespace Ranking.Stores.Registry;

public enum RegistryOutcome
{
    Done,
    NotFound,
    /// <summary>The version's status does not allow the move (e.g. promoting a version that was never validated).</summary>
    WrongStatus,
    /// <summary>Another writer moved the alias between our read and our write; nothing was written.</summary>
    Conflict,
    NothingToRollBackTo,
}
