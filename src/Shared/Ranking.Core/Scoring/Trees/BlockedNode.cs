using System.Runtime.InteropServices;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// A node of the blocked layout, 16 bytes, FastTree style: a split goes to <see cref="Left"/> when
/// <c>x[feature] &lt;= Threshold</c> and to <see cref="Right"/> otherwise, which the walk picks by adding 0 or 1 to
/// <c>ref Left</c> (so <see cref="Right"/> must follow it). The low 31 bits of <see cref="FeatureWord"/> are the feature,
/// the top bit sends NaN left. A leaf is a node whose children are itself, with its value in <see cref="Threshold"/>,
/// so a walk that has reached it may take more steps without moving.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BlockedNode
{
    public const int NanLeftBit = int.MinValue;

    public int FeatureWord;
    public float Threshold;
    public int Left;
    public int Right;
}
