using Ranking.Core.Data;

namespace Ranking.Stores.Users;

public interface IUserStore
{
    /// <summary>Null when the store has no such user.</summary>
    ValueTask<UserRecord?> GetUserAsync(string userId, CancellationToken cancellationToken);
}
