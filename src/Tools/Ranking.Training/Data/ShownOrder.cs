namespace Ranking.Training.Data;

/// <summary>
/// Training rows of a group must not sit in the order they were shown. A model whose scores tie (a first tree that
/// splits nothing, a constant feature) is evaluated in row order, and the shown order already holds the clicks its
/// position bias caused: early stopping would pick a model that learned nothing, because its ties inherit the old
/// ranking. So each group's rows are shuffled, deterministically per group id, and ties measure as chance.
/// </summary>
public static class ShownOrder
{
    /// <summary>A permutation of <c>0..count-1</c> drawn from a seed made of <paramref name="groupId"/> (FNV-1a).</summary>
    public static int[] Shuffled(string groupId, int count)
    {
        var hash = 2166136261u;
        foreach (var c in groupId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Random((int)hash).Shuffle(order);
        return order;
    }
}
