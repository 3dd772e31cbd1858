using Microsoft.Win32.SafeHandles;

namespace Ranking.Training.LightGbm;

/// <summary>A native LightGBM dataset, freed with <c>LGBM_DatasetFree</c>.</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatasetHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LightGbmNative.LGBM_DatasetFree(handle) == 0;
}
