using System.Runtime.InteropServices;

namespace Ranking.Training.LightGbm;

/// <summary>
/// The subset of LightGBM's C API (<c>c_api.h</c>, 4.7.0) the trainer uses. Every function returns 0 on success
/// and -1 on failure, with the reason in <see cref="LGBM_GetLastError"/>: call through <see cref="Check"/>.
/// </summary>
internal static unsafe partial class LightGbmNative
{
    public const int DtypeFloat32 = 0;
    public const int DtypeFloat64 = 1;
    public const int DtypeInt32 = 2;
    public const int PredictNormal = 0;
    public const int PredictContrib = 3;
    public const int FeatureImportanceSplit = 0;
    private const string Library = "lib_lightgbm";

    [LibraryImport(Library)]
    public static partial nint LGBM_GetLastError();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetCreateFromMat(
        float* data, int dataType, int rows, int columns, int isRowMajor, string parameters, nint reference, out DatasetHandle dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetSetField(DatasetHandle dataset, string fieldName, void* data, int count, int dataType);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetFree(nint dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterCreate(DatasetHandle train, string parameters, out BoosterHandle booster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterLoadModelFromString(string model, out int iterations, out BoosterHandle booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterFree(nint booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterAddValidData(BoosterHandle booster, DatasetHandle valid);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterUpdateOneIter(BoosterHandle booster, out int isFinished);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEvalCounts(BoosterHandle booster, out int count);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEval(BoosterHandle booster, int dataIndex, out int count, double* results);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetNumFeature(BoosterHandle booster, out int count);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterSaveModelToString(
        BoosterHandle booster, int startIteration, int iterations, int importanceType, long bufferLength, out long length, byte* buffer);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterDumpModel(
        BoosterHandle booster, int startIteration, int iterations, int importanceType, long bufferLength, out long length, byte* buffer);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMat(
        BoosterHandle booster, float* data, int dataType, int rows, int columns, int isRowMajor, int predictType,
        int startIteration, int iterations, string parameters, out long length, double* results);

    /// <exception cref="LightGbmException">The call returned non-zero.</exception>
    public static void Check(int result, string call)
    {
        if (result != 0)
        {
            var message = Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "unknown error";
            throw new LightGbmException($"LightGBM {call} failed: {message}");
        }
    }
}
