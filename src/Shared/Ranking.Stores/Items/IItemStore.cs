using Ranking.Core.Data;

namespace Ranking.Stores.Items;

/// <summary>Reads items by id for ranking.</summary>
public interface IItemStore
{
    /// <summary>Returns one entry per id, in order; null where the store has no such item.</summary>
    ValueTask<ItemRecord?[]> GetItemsAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken);
}
