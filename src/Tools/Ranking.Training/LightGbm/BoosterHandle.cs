using Microsoft.Win32.SafeHandles;

namespace Ranking.Training.LightGbm;

/// <summary>A native LightGBM booster, freed with <c>LGBM_BoosterFree</c>.</summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BoosterHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LightGbmNative.LGBM_BoosterFree(handle) == 0;
}
