using System.Text;

namespace Ranking.Core.Experiments;

/// <summary>
/// Which variant a user sees: a stable hash of (salt, user id), or of the session id for an anonymous user, mapped
/// to [0, 1) and cut by the variants' cumulative shares. The same key always lands in the same variant, on every
/// host and after every restart, and a new salt reshuffles everyone.
/// </summary>
public static class ExperimentAssignment
{
    /// <summary>The variant index for <paramref name="key"/> (a user id or session id).</summary>
    public static int Variant(Experiment experiment, string key)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var point = UnitInterval(Hash(experiment.EffectiveSalt, key));
        var cumulative = 0.0;
        for (var i = 0; i < experiment.Variants.Count - 1; i++)
        {
            cumulative += experiment.ShareOf(i);
            if (point < cumulative)
            {
                return i;
            }
        }

        // Shares summing to 1 within a rounding error must not leave a sliver of users unassigned.
        return experiment.Variants.Count - 1;
    }

    /// <summary>
    /// 64-bit FNV-1a over the UTF-8 of salt, a separator and key, then a SplitMix64 finaliser: FNV alone leaves the
    /// high bits poorly mixed for keys that differ only in their last characters (u_1, u_2, ...).
    /// </summary>
    public static ulong Hash(string salt, string key)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(key);
        var hash = 14695981039346656037UL;
        hash = Mix(hash, salt);
        hash = (hash ^ 0xFF) * 1099511628211UL;
        hash = Mix(hash, key);
        return Finalise(hash);
    }

    /// <summary>[0, 1) from the top 53 bits, the precision of a double.</summary>
    public static double UnitInterval(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64's finaliser: a bijection that spreads every input bit over every output bit.</summary>
    public static ulong Finalise(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
