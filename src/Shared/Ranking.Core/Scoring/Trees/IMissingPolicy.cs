using System.Runtime.CompilerServices;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// How a split treats NaN, as a struct type argument so the walk is compiled once per policy with no call per node
/// (TensorPrimitives' operator pattern). Most LightGBM exports send some NaN left; the check costs two instructions
/// per step, so ensembles that never do skip it.
/// </summary>
internal interface IMissingPolicy
{
    /// <summary>0 to go left (<c>x &lt;= threshold</c>, or NaN on a NaN-left node), 1 to go right.</summary>
    static abstract int Side(float x, float threshold, int featureWord);

    static abstract int Feature(int featureWord);
}

/// <summary>No node sends NaN left: <c>NaN &lt;= t</c> is false, so NaN goes right by the comparison alone.</summary>
internal readonly struct NanGoesRight : IMissingPolicy
{
    // BitCast of the comparison is a setcc, never a jump: a jump here mispredicts on about half the nodes.
    public static int Side(float x, float threshold, int featureWord) => Unsafe.BitCast<bool, byte>(x <= threshold) ^ 1;

    public static int Feature(int featureWord) => featureWord;
}

/// <summary>Some nodes send NaN left: their feature word's top bit says so.</summary>
internal readonly struct NanByNode : IMissingPolicy
{
    public static int Side(float x, float threshold, int featureWord)
    {
        var left = Unsafe.BitCast<bool, byte>(x <= threshold);
        var nanLeft = Unsafe.BitCast<bool, byte>(float.IsNaN(x)) & (featureWord >>> 31);
        return (left | nanLeft) ^ 1;
    }

    public static int Feature(int featureWord) => featureWord & int.MaxValue;
}
